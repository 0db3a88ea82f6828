/** The plan document itself (see plan/document.ts for the layout), with its checksum. */
import { checksumSuffix, headerLine, trailerBody, userLine } from '../plan/document.js';
import type { PlanCost, PlanHeader, PlanSummary, UserPlan } from '../plan/types.js';
import type { PlanRenderer } from './renderer.js';

export interface Hasher {
  update(text: string): void;
  /** `sha256:<hex>` of everything passed to update. */
  digest(): string;
}

export function jsonRenderer(hasher: Hasher): PlanRenderer {
  let first = true;
  const emit = (text: string): string => {
    hasher.update(text);
    return text;
  };
  return {
    start: (header: PlanHeader) => emit(headerLine(header)),
    user(user: UserPlan) {
      const line = userLine(user, first);
      first = false;
      return emit(line);
    },
    finish(summary: PlanSummary, cost: PlanCost) {
      const body = emit(trailerBody(summary, cost, !first));
      return body + checksumSuffix(hasher.digest());
    },
  };
}
