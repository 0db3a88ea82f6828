/**
 * The CIS Zoom Benchmark v1.0.0 controls that can be stated over Zoom user settings, as data (issue 17, item 4).
 * Control ids and titles are CIS's; the mapping to settings paths is ours, checked against the user settings schema
 * (test/unit/cis-pack.test.ts). Controls that no user, group or account setting of the API expresses are listed in
 * CIS_LEFT_OUT with the reason, and in docs/cis-zoom.md.
 *
 * Severity: CIS Level 1 controls ("practical and prudent, little impact on usability") are errors; Level 2
 * (defence in depth, may reduce usability) are warnings, so a team adopts the pack without blocking every PR.
 * Source of the control list: the CIS Zoom Benchmark v1.0.0 as catalogued by turbot/steampipe-mod-zoom-compliance
 * (cis_v100/*.sp), which checks the account settings; the user settings below are the same fields per user.
 */

export type PackRequirement =
  | { setting: string; equals: boolean | string | number }
  | { setting: string; minimum: number; maximum?: number }
  | { setting: string; oneOf: Array<string | number> };

export interface PackControl {
  /** CIS recommendation number, e.g. "1.1.1.2". */
  cis: string;
  title: string;
  level: 1 | 2;
  require: PackRequirement[];
  /** CIS asks for the setting to be locked at the account ("set to disabled and locked off"). */
  lockedAtAccount?: boolean;
  /** Why the mapping is what it is, when it is not a plain same-name field. */
  note?: string;
}

const is = (setting: string, equals: boolean | string | number): PackRequirement => ({ setting, equals });
const atLeast = (setting: string, minimum: number, maximum?: number): PackRequirement => ({ setting, minimum, ...(maximum !== undefined ? { maximum } : {}) });

const MS_PASSCODE = 'meeting_security.meeting_password_requirement';
const SM_PASSCODE = 'schedule_meeting.meeting_password_requirement';
const REC_PASSCODE = 'recording.recording_password_requirement';

export const CIS_CONTROLS: readonly PackControl[] = [
  // 1.1.1 Security — passcode requirement (meeting_security variant of the user settings)
  { cis: '1.1.1.1.1', level: 1, title: 'Ensure minimum passcode length is set to at least 6 characters', require: [atLeast(`${MS_PASSCODE}.length`, 6)] },
  { cis: '1.1.1.1.2', level: 1, title: 'Ensure passcode is set to have at least 1 letter', require: [is(`${MS_PASSCODE}.have_letter`, true)] },
  { cis: '1.1.1.1.3', level: 1, title: 'Ensure passcode is set to have at least 1 number', require: [is(`${MS_PASSCODE}.have_number`, true)] },
  { cis: '1.1.1.1.4', level: 2, title: 'Ensure passcode is set to have at least 1 special character', require: [is(`${MS_PASSCODE}.have_special_character`, true)] },
  { cis: '1.1.1.1.5', level: 2, title: 'Ensure passcode include both uppercase and lowercase characters is set to enabled', require: [is(`${MS_PASSCODE}.have_upper_and_lower_characters`, true)] },
  {
    cis: '1.1.1.1.6', level: 2, title: 'Ensure passcode cannot contain consecutive characters is set to enabled', require: [atLeast(`${MS_PASSCODE}.consecutive_characters_length`, 4)],
    note: 'Zoom encodes "off" as 0 and the allowed run lengths as 4-8, so "enabled" is a minimum of 4',
  },
  { cis: '1.1.1.1.7', level: 2, title: 'Ensure enhanced weak passcode detection is set to enabled', require: [is(`${MS_PASSCODE}.weak_enhance_detection`, true)] },
  { cis: '1.1.1.1.8', level: 1, title: 'Ensure only allow numeric passcode is set to disabled', require: [is(`${MS_PASSCODE}.only_allow_numeric`, false)] },
  { cis: '1.1.1.2', level: 1, title: 'Ensure waiting room is set to enabled', require: [is('meeting_security.waiting_room', true)] },
  { cis: '1.1.1.3', level: 1, title: 'Ensure waiting room options is set to everyone', require: [is('meeting_security.waiting_room_settings.participants_to_place_in_waiting_room', 0)], note: '0 = all attendees' },
  { cis: '1.1.1.4', level: 1, title: 'Ensure require a passcode when scheduling new meetings is set to enabled', require: [is('schedule_meeting.require_password_for_scheduling_new_meetings', true)] },
  { cis: '1.1.1.6', level: 1, title: 'Ensure require a password for instant meetings is set to enabled', require: [is('schedule_meeting.require_password_for_instant_meetings', true)] },
  {
    cis: '1.1.1.7', level: 1, title: 'Ensure require a password for Personal Meeting ID (PMI) is set to enabled',
    require: [is('meeting_security.pmi_password', true), is('schedule_meeting.require_password_for_pmi_meetings', 'all')], note: 'CIS asks for "All meetings using PMI"',
  },
  {
    cis: '1.1.1.8', level: 1, title: 'Ensure embed password in meeting link for one-click join is set to enabled', require: [is('meeting_security.embed_password_in_join_link', true)],
    note: "CIS's recommendation as published (enabled); many organisations choose the opposite: override it with an exception or drop the rule",
  },
  { cis: '1.1.1.9', level: 2, title: 'Ensure only authenticated users can join meetings is set to enabled', require: [is('meeting_authentication.enabled', true)] },
  { cis: '1.1.1.10', level: 1, title: 'Ensure require password for participants joining by phone is set to enabled', require: [is('meeting_security.phone_password', true)] },
  { cis: '1.1.1.11', level: 2, title: 'Ensure only authenticated users can join meetings from Web client is set to enabled', require: [is('meeting_security.only_authenticated_can_join_from_webclient', true)] },
  // 1.1.2 Schedule meeting
  { cis: '1.1.2.1.1', level: 1, title: 'Have a minimum password length', require: [atLeast(`${SM_PASSCODE}.length`, 8)] },
  {
    cis: '1.1.2.1.2', level: 1, title: 'Specify a password length', require: [atLeast(`${SM_PASSCODE}.length`, 8, 32)],
    note: 'CIS: 8 to 32 characters; a Zoom passcode has at most 10, so only the minimum can fail',
  },
  { cis: '1.1.2.1.3', level: 1, title: 'Have at least 1 letter (a, b, c...)', require: [is(`${SM_PASSCODE}.have_letter`, true)] },
  { cis: '1.1.2.1.4', level: 1, title: 'Have at least 1 number (1, 2, 3...)', require: [is(`${SM_PASSCODE}.have_number`, true)] },
  { cis: '1.1.2.1.5', level: 2, title: 'Have at least 1 special character (!, @, #...)', require: [is(`${SM_PASSCODE}.have_special_character`, true)] },
  { cis: '1.1.2.1.6', level: 2, title: 'Include both uppercase and lower case letters', require: [is(`${SM_PASSCODE}.have_upper_and_lower_characters`, true)] },
  { cis: '1.1.2.2', level: 1, title: 'Ensure host video is set to disabled', require: [is('schedule_meeting.host_video', false)] },
  { cis: '1.1.2.3', level: 1, title: 'Ensure participants video is set to disabled', require: [is('schedule_meeting.participants_video', false)], lockedAtAccount: true },
  { cis: '1.1.2.4', level: 1, title: 'Ensure join before host is set to disabled', require: [is('schedule_meeting.join_before_host', false)], lockedAtAccount: true },
  { cis: '1.1.2.5', level: 1, title: 'Ensure enable personal meeting ID is set to enabled', require: [is('schedule_meeting.personal_meeting', true)] },
  { cis: '1.1.2.6', level: 2, title: 'Ensure use personal meeting ID (PMI) when scheduling a meeting is set to disabled', require: [is('schedule_meeting.use_pmi_for_scheduled_meetings', false)] },
  { cis: '1.1.2.7', level: 2, title: 'Ensure use personal meeting ID (PMI) when starting an instant meeting is set to disabled', require: [is('schedule_meeting.use_pmi_for_instant_meetings', false)] },
  // 1.1.3 In meeting (basic)
  { cis: '1.1.3.1.1', level: 2, title: 'Ensure allow meeting participants to send a message visible to all participants is set to disabled', require: [is('in_meeting.chat', false)] },
  { cis: '1.1.3.1.2', level: 2, title: 'Ensure prevent participants from saving chat is set to enabled', require: [is('in_meeting.allow_users_save_chats', 1)], note: '1 = participants cannot save meeting chats' },
  { cis: '1.1.3.2.1', level: 1, title: 'Ensure sound notification when someone joins or leaves is set to enabled', require: [{ setting: 'in_meeting.entry_exit_chime', oneOf: ['host', 'all'] }] },
  { cis: '1.1.3.2.2', level: 1, title: 'Ensure play sound for "Host and co-host only" is set to enabled', require: [is('in_meeting.entry_exit_chime', 'host')] },
  { cis: '1.1.3.2.3', level: 1, title: 'Ensure when someone joins by phone, ask to record their voice to use as the notification is set to enabled', require: [is('in_meeting.record_play_voice', true)] },
  { cis: '1.1.3.3.1', level: 1, title: 'Ensure hosts and participants can send files through the in-meeting chat is set to disabled', require: [is('in_meeting.file_transfer', false)] },
  { cis: '1.1.3.4.1', level: 1, title: 'Ensure screen sharing is set to enabled', require: [is('in_meeting.screen_sharing', true)] },
  { cis: '1.1.3.4.2', level: 1, title: 'Ensure "who can share?" is set to "Host Only"', require: [is('in_meeting.who_can_share_screen', 'host')] },
  { cis: '1.1.3.4.3', level: 1, title: 'Ensure "Who can start sharing when someone else is sharing?" is set to "Host Only"', require: [is('in_meeting.who_can_share_screen_when_someone_is_sharing', 'host')] },
  { cis: '1.1.3.5.1', level: 2, title: 'Ensure annotation is set to disabled', require: [is('in_meeting.annotation', false)] },
  { cis: '1.1.3.6.1', level: 2, title: 'Ensure whiteboard is set to disabled', require: [is('in_meeting.whiteboard', false)] },
  { cis: '1.1.3.7', level: 1, title: 'Ensure require encryption for 3rd party endpoints (SIP/H.323) is set to enabled', require: [is('in_meeting.e2e_encryption', true)] },
  { cis: '1.1.3.8', level: 1, title: 'Ensure allow meeting participants to send a private 1:1 message to another participant is set to disabled', require: [is('in_meeting.private_chat', false)] },
  { cis: '1.1.3.9', level: 1, title: 'Ensure auto saving chats is set to enabled', require: [is('in_meeting.auto_saving_chat', true)] },
  { cis: '1.1.3.10', level: 2, title: 'Ensure feedback to Zoom is set to enabled', require: [is('in_meeting.feedback', true)] },
  { cis: '1.1.3.11', level: 1, title: 'Ensure co-host is set to enabled', require: [is('in_meeting.co_host', true)] },
  { cis: '1.1.3.12', level: 2, title: 'Ensure polling is set to enabled', require: [is('in_meeting.polling', true)] },
  { cis: '1.1.3.13', level: 2, title: 'Ensure always show meeting control toolbar is set to enabled', require: [is('in_meeting.show_meeting_control_toolbar', true)] },
  { cis: '1.1.3.14', level: 2, title: 'Ensure show Zoom windows during screen share is set to enabled', require: [is('in_meeting.allow_show_zoom_windows', true)] },
  { cis: '1.1.3.16', level: 2, title: 'Ensure remote control is set to disabled', require: [is('in_meeting.remote_control', false)] },
  { cis: '1.1.3.17', level: 2, title: 'Ensure nonverbal feedback is set to disabled', require: [is('in_meeting.non_verbal_feedback', false)] },
  { cis: '1.1.3.18', level: 2, title: 'Ensure meeting reactions is set to disabled', require: [is('in_meeting.meeting_reactions', false)] },
  // 1.1.4 In meeting (advanced)
  {
    cis: '1.1.4.1.1', level: 1, title: 'Ensure select data center regions for meetings/webinars hosted by your account is set to enabled', require: [is('in_meeting.custom_data_center_regions', true)],
    note: 'which regions (1.1.4.1.2) depends on the organisation: add a rule on in_meeting.data_center_regions',
  },
  { cis: '1.1.4.2.1', level: 2, title: 'Ensure breakout room is set to enabled', require: [is('in_meeting.breakout_room', true)] },
  { cis: '1.1.4.2.2', level: 2, title: 'Ensure allow host to assign participants to breakout rooms when scheduling is set to enabled', require: [is('in_meeting.breakout_room_schedule', true)] },
  { cis: '1.1.4.3.1', level: 2, title: 'Ensure virtual background is set to enabled', require: [is('in_meeting.virtual_background', true)] },
  { cis: '1.1.4.3.2', level: 1, title: 'Ensure allow use of videos for virtual backgrounds is set to disabled', require: [is('in_meeting.virtual_background_settings.allow_videos', false)] },
  { cis: '1.1.4.3.3', level: 1, title: 'Ensure allow users to upload custom backgrounds is set to disabled', require: [is('in_meeting.virtual_background_settings.allow_upload_custom', false)] },
  { cis: '1.1.4.6', level: 2, title: 'Ensure remote support is set to disabled', require: [is('in_meeting.remote_support', false)] },
  { cis: '1.1.4.7', level: 2, title: 'Ensure closed captioning is set to disabled', require: [is('in_meeting.closed_caption', false)] },
  { cis: '1.1.4.8', level: 2, title: 'Ensure save captions is set to disabled', require: [is('in_meeting.closed_captioning.save_caption', false)] },
  { cis: '1.1.4.9', level: 1, title: 'Ensure far end camera control is set to disabled', require: [is('in_meeting.far_end_camera_control', false)] },
  { cis: '1.1.4.14', level: 1, title: 'Ensure show a "Join from your browser" link is set to enabled', require: [is('in_meeting.show_a_join_from_your_browser_link', true)] },
  { cis: '1.1.4.15', level: 2, title: 'Ensure allow live streaming meetings is set to disabled', require: [is('in_meeting.allow_live_streaming', false)] },
  { cis: '1.1.4.17', level: 2, title: 'Ensure request permission to unmute is set to enabled', require: [is('in_meeting.request_permission_to_unmute_participants', true)] },
  // 1.1.6 Email notification
  { cis: '1.1.6.1.1', level: 1, title: 'Ensure when a cloud recording is available is set to enabled', require: [is('email_notification.cloud_recording_available_reminder', true)] },
  { cis: '1.1.6.1.2', level: 2, title: 'Ensure send a copy to the person who scheduled the meeting/webinar for the host is set to enabled', require: [is('email_notification.recording_available_reminder_schedulers', true)] },
  { cis: '1.1.6.1.3', level: 2, title: 'Ensure send a copy to the Alternative Hosts is set to enabled', require: [is('email_notification.recording_available_reminder_alternative_hosts', true)] },
  { cis: '1.1.6.2', level: 1, title: 'Ensure when attendees join meeting before host is set to enabled', require: [is('email_notification.jbh_reminder', true)] },
  { cis: '1.1.6.3', level: 1, title: 'Ensure when a meeting is cancelled is set to enabled', require: [is('email_notification.cancel_meeting_reminder', true)] },
  { cis: '1.1.6.4', level: 2, title: 'Ensure when an alternative host is set or removed from a meeting is set to enabled', require: [is('email_notification.alternative_host_reminder', true)] },
  { cis: '1.1.6.5', level: 1, title: 'Enable when someone scheduled a meeting for a host is set to enabled', require: [is('email_notification.schedule_for_reminder', true)] },
  // 1.2 Recording
  { cis: '1.2.1.1', level: 2, title: 'Ensure local recording is set to enabled', require: [is('recording.local_recording', true)] },
  { cis: '1.2.2.1', level: 1, title: 'Ensure cloud recording is set to enabled', require: [is('recording.cloud_recording', true)] },
  { cis: '1.2.2.2', level: 2, title: 'Ensure record active speaker with shared screen is set to enabled', require: [is('recording.record_speaker_view', true)] },
  { cis: '1.2.2.3', level: 2, title: 'Ensure record gallery view with shared screen is set to enabled', require: [is('recording.record_gallery_view', true)] },
  {
    cis: '1.2.2.4', level: 2, title: 'Ensure record active speaker, gallery view and shared screen separately is set to enabled',
    require: [is('recording.record_files_separately.active_speaker', true), is('recording.record_files_separately.gallery_view', true), is('recording.record_files_separately.shared_screen', true)],
  },
  { cis: '1.2.2.5', level: 2, title: 'Ensure record an audio only file is set to enabled', require: [is('recording.record_audio_file', true)] },
  { cis: '1.2.2.6', level: 2, title: 'Ensure save chat messages from the meeting / webinar is set to enabled', require: [is('recording.save_chat_text', true)] },
  { cis: '1.2.3.1', level: 2, title: 'Ensure add a timestamp to the recording is set to enabled', require: [is('recording.show_timestamp', true)] },
  { cis: '1.2.3.2', level: 1, title: "Ensure display participants' names in the recording is set to enabled", require: [is('recording.display_participant_name', true)] },
  { cis: '1.2.3.3', level: 2, title: 'Ensure record thumbnails when sharing is set to enabled', require: [is('recording.recording_thumbnails', true)] },
  { cis: '1.2.3.4', level: 2, title: 'Ensure optimize the recording for 3rd party video editor is set to enabled', require: [is('recording.optimize_recording_for_3rd_party_video_editor', true)] },
  { cis: '1.2.3.5', level: 2, title: 'Ensure save panelist chat to the recording is set to enabled', require: [is('recording.save_panelist_chat', true)] },
  { cis: '1.2.4.1', level: 2, title: 'Ensure automatic recording is set to enabled', require: [{ setting: 'recording.auto_recording', oneOf: ['local', 'cloud'] }] },
  { cis: '1.2.4.2', level: 2, title: 'Ensure automatic recording is set to "Record in the Cloud"', require: [is('recording.auto_recording', 'cloud')] },
  { cis: '1.2.4.3', level: 2, title: 'Ensure host can pause/stop the auto recording in the cloud is set to enabled', require: [is('recording.host_pause_stop_recording', true)] },
  { cis: '1.2.6.1', level: 1, title: 'Ensure have a minimum passcode length is set to 8 characters or greater', require: [atLeast(`${REC_PASSCODE}.length`, 8)] },
  { cis: '1.2.6.2', level: 1, title: 'Ensure passcode have at least 1 letter is set to enabled', require: [is(`${REC_PASSCODE}.have_letter`, true)] },
  { cis: '1.2.6.3', level: 1, title: 'Ensure passcode have at least 1 number is set to enabled', require: [is(`${REC_PASSCODE}.have_number`, true)] },
  { cis: '1.2.6.4', level: 2, title: 'Ensure passcode have at least 1 special character is set to enabled', require: [is(`${REC_PASSCODE}.have_special_character`, true)] },
  { cis: '1.2.6.5', level: 1, title: 'Ensure allow numeric passcode is set to disabled', require: [is(`${REC_PASSCODE}.only_allow_numeric`, false)] },
  { cis: '1.2.7.1', level: 1, title: 'Ensure recording disclaimer is set to enabled', require: [is('recording.recording_disclaimer', true)] },
  { cis: '1.2.7.2', level: 1, title: 'Ensure ask participants for consent when a recording starts is set to enabled', require: [is('recording.ask_participants_to_consent_disclaimer', true)] },
  { cis: '1.2.7.3', level: 2, title: 'Ensure ask host to confirm before starting a recording is set to enabled', require: [is('recording.ask_host_to_confirm_disclaimer', true)] },
  {
    cis: '1.2.9', level: 2, title: 'Ensure IP address access control is set to organization approved ranges', require: [is('recording.ip_address_access_control.enable', true)],
    note: 'the ranges themselves are the organisation\'s: add a rule on recording.ip_address_access_control.ip_addresses_or_ranges',
  },
  // 1.3 Telephone
  { cis: '1.3.1', level: 2, title: 'Ensure toll call is set to enabled', require: [is('audio_conferencing.toll_call.enable', true)] },
  { cis: '1.3.2', level: 2, title: 'Ensure mask phone number in the participant list is set to enabled', require: [is('audio_conferencing.participant_phone_masking.enable', true)] },
];

export interface LeftOutControl {
  cis: string;
  title: string;
  reason: string;
}

const NO_FIELD = 'no field of the user settings API (GET/PATCH /users/{userId}/settings, any option) expresses it';
const ACCOUNT_ONLY = "an account (and group) setting with no user-level field: rules name user settings paths (src/schema, Zoom's user settings spec), so check it in the Zoom portal";
const ORG_SPECIFIC = 'the right value is the organisation\'s choice, not a fixed requirement: write your own rule';
const ROOMS = 'a Zoom Rooms setting, not a user setting';
const NOT_SETTINGS = 'an account-wide admin, IM or sign-in setting outside the meeting settings this tool reads';

export const CIS_LEFT_OUT: readonly LeftOutControl[] = [
  { cis: '1.1.1.5', title: 'Ensure room meeting ID passcode is set to enabled', reason: ROOMS },
  { cis: '1.1.2.8', title: 'Ensure add watermark is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.2.9', title: 'Ensure add audio watermark is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.2.10', title: 'Ensure always display "Zoom Meeting" as the meeting topic is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.2.11', title: 'Ensure bypass the password when joining meetings from meeting list is set to enabled', reason: ROOMS },
  { cis: '1.1.2.12', title: 'Ensure mute participants upon entry is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.2.13', title: 'Ensure upcoming meeting reminder is set to enabled', reason: `a Zoom client preference: ${NO_FIELD}` },
  { cis: '1.1.3.3.2', title: 'Ensure only allow specified file types is set to enabled', reason: NO_FIELD },
  { cis: '1.1.3.5.2', title: 'Ensure allow saving of shared screens with annotations is set to disabled', reason: NO_FIELD },
  { cis: '1.1.3.5.3', title: 'Ensure only the user who is sharing can annotate is set to enabled', reason: NO_FIELD },
  { cis: '1.1.3.6.2', title: 'Ensure allow saving of whiteboard content is set to disabled', reason: NO_FIELD },
  { cis: '1.1.3.6.3', title: 'Ensure auto save whiteboard content when sharing is stopped is set to disabled', reason: NO_FIELD },
  { cis: '1.1.3.15', title: 'Ensure disable desktop/screen share for users is set to enabled', reason: NO_FIELD },
  { cis: '1.1.3.19', title: 'Ensure allow removed participants to rejoin is set to disabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.3.20', title: 'Ensure allow participants to rename themselves is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.3.21', title: 'Ensure hide participant profile pictures in a meeting is set to disabled', reason: NO_FIELD },
  { cis: '1.1.4.1.2', title: 'Ensure data center regions is set to local countries', reason: ORG_SPECIFIC },
  { cis: '1.1.4.4.1', title: 'Ensure peer to peer connection while only 2 people in a meeting is set to disabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.4.4.2', title: 'Enable listening ports range is set as appropriate for organization', reason: `${ACCOUNT_ONLY}; and ${ORG_SPECIFIC}` },
  { cis: '1.1.4.5', title: 'Ensure report participants to Zoom is set to enabled', reason: NO_FIELD },
  { cis: '1.1.4.10', title: 'Ensure identify guest participants in the meeting/webinar is set to enabled', reason: NO_FIELD },
  {
    cis: '1.1.4.11', title: 'Ensure auto-answer group in chat is set to disabled',
    reason: "in_meeting.auto_answer is write-only: Zoom's user GET never returns it, so no live value can be checked (zoom-api-facts.md §9.3)",
  },
  { cis: '1.1.4.12', title: 'Ensure only show default email when sending email invites is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.4.13', title: 'Ensure use HTML format email for Outlook plugin is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.1.4.16', title: 'Ensure allow Skype for Business (Lync) client to join a Zoom meeting is set to disabled', reason: NO_FIELD },
  { cis: '1.1.5.1', title: 'Ensure calendar and contacts integration is set to disabled', reason: NOT_SETTINGS },
  { cis: '1.1.5.2', title: 'Ensure ask users to integrate Office 365 calendar when they sign in is set to disabled', reason: NOT_SETTINGS },
  { cis: '1.1.5.3', title: 'Ensure consent to Office 365 calendar integration permissions on behalf of entire account is set to disabled', reason: NOT_SETTINGS },
  { cis: '1.1.5.4', title: 'Ensure enforce OAuth 2.0 for Office 365 calendar integration is set to enabled', reason: NOT_SETTINGS },
  { cis: '1.1.6.6', title: 'Ensure when the cloud recording is going to be permanently deleted from trash is set to enabled', reason: NO_FIELD },
  { cis: '1.1.7.1', title: 'Ensure blur snapshot on iOS task switcher is set to enabled', reason: NOT_SETTINGS },
  { cis: '1.1.7.2', title: 'Ensure display meetings scheduled for others is set to enabled', reason: NOT_SETTINGS },
  { cis: '1.1.7.3', title: 'Ensure use content delivery network (CDN) is set to "Default"', reason: NOT_SETTINGS },
  { cis: '1.1.7.4', title: "Ensure allow users to contact Zoom's support via chat is set to enabled", reason: NOT_SETTINGS },
  { cis: '1.2.1.2', title: 'Ensure hosts can give participants the permission to record locally is set to enabled', reason: NO_FIELD },
  { cis: '1.2.5.1', title: 'Ensure cloud recording downloads is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.2.5.2', title: 'Ensure only the host can download cloud recordings is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.2.8', title: 'Ensure prevent hosts from accessing their cloud recordings is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.2.10', title: 'Ensure require passcode to access shared cloud recordings is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.2.11', title: 'Ensure the host can delete cloud recordings is set to disabled', reason: ACCOUNT_ONLY },
  { cis: '1.2.12', title: 'Ensure allow recovery of deleted cloud recordings from trash is set to enabled', reason: ACCOUNT_ONLY },
  { cis: '1.2.13', title: 'Ensure multiple audio notifications of recorded meeting is set to enabled', reason: NO_FIELD },
  { cis: '1.3.3', title: 'Ensure global dial-in countries/regions is set to enabled', reason: ORG_SPECIFIC },
  { cis: '2 (2.1.1.1-2.2)', title: 'IM management: sharing, visibility, security and storage of Zoom Team Chat (19 controls)', reason: NOT_SETTINGS },
  { cis: '3.1.1.1.1-3.1.1.1.4', title: 'Enhanced sign-in password requirement (length, special character, consecutive characters, weak password detection)', reason: `the account's ?option=security settings (sign-in passwords), ${ACCOUNT_ONLY}` },
  { cis: '3.1.1.2.1-3.1.1.2.4', title: 'Sign-in password policy (change at first sign-in, expiry, reuse, change frequency)', reason: NOT_SETTINGS },
  { cis: '3.1.1.3.1-3.1.1.3.3', title: "Admin security options (PMI changes by admins only, photo import, billing visibility)", reason: NOT_SETTINGS },
  { cis: '3.2', title: 'Ensure integration is set to appropriate organizational needs', reason: ORG_SPECIFIC },
];
