/**
 * The optional webhook out (issue 19, item 5): each report POSTed as Slack-compatible JSON (`{"text": ...}`) to
 * ZOOM_SETTINGS_NOTIFY_URL. The URL is a credential (a Slack incoming-webhook URL carries its token): it is
 * registered as a secret and never logged; a failed delivery is logged by status and never stops the watch.
 */
import type { SecretValues } from '../../core/redact.js';
import type { Logger } from '../../io/logger.js';
import { reportLine, type WatchReport } from './report.js';

export type Notifier = (report: WatchReport) => Promise<void>;

export function notifierFromEnv(env: NodeJS.ProcessEnv, logger: Logger, secrets: SecretValues | undefined, timeoutMs = 5000): Notifier | undefined {
  const url = env.ZOOM_SETTINGS_NOTIFY_URL;
  if (!url) return undefined;
  secrets?.add(url);
  return async (report) => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: reportLine(report, 'text', secrets) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) logger.warn({ status: response.status }, 'notification webhook refused the report');
    } catch (error) {
      logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'notification webhook could not be reached');
    }
  };
}
