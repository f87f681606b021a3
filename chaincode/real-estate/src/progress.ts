import { REAL_ESTATE_MSP, STEP_TITLES } from './departments';
import type { StepCode, TransferApplication, TransferStep } from './models';

/** One step as a citizen sees it. */
export interface StepProgress {
  readonly step: string;
  readonly title: string;
  readonly departmentMsp: string;
  /** PENDING, ASSESSED, DONE or REJECTED. */
  readonly status: string;
  /** When the department last acted (or when the application was opened, for a pending step). */
  readonly updatedAt: string;
  readonly reasonCode: string;
}

/** An application's progress: what is done and what waits on whom. */
export interface ApplicationProgress {
  readonly applicationId: string;
  readonly unitNumber: string;
  readonly type: string;
  readonly status: string;
  readonly openedAt: string;
  readonly closedAt: string;
  readonly closedReason: string;
  readonly steps: readonly StepProgress[];
  readonly doneCount: number;
  readonly requiredCount: number;
  /** Departments the application waits on now (Real Estate once every step is done); empty when closed. */
  readonly waitingOn: readonly string[];
  /** Whether Real Estate may register now. */
  readonly readyForRegistration: boolean;
  /** The certificate issued at registration; empty before. */
  readonly certificateId: string;
  /** One sentence for a phone screen. */
  readonly summary: string;
}

function summary(application: TransferApplication, steps: readonly TransferStep[], waitingOn: string[]): string {
  switch (application.status) {
    case 'REGISTERED':
      return `Registered on ${application.closedAt}; new certificate ${application.certificateId}.`;
    case 'WITHDRAWN':
      return `Withdrawn by the applicants on ${application.closedAt}.`;
    case 'REJECTED': {
      const rejected = steps.find((step) => step.status === 'REJECTED');
      const title = rejected === undefined ? 'a step' : STEP_TITLES[rejected.step as StepCode];
      return `Rejected by ${application.closedByMsp} at "${title}" (${application.closedReason}) on ${application.closedAt}; the unit is free again.`;
    }
    default:
      return waitingOn[0] === REAL_ESTATE_MSP && waitingOn.length === 1
        ? `All ${steps.length} steps are done; waiting on ${REAL_ESTATE_MSP} to register the transfer.`
        : `${steps.filter((step) => step.status === 'DONE').length} of ${steps.length} steps done; waiting on ${waitingOn.join(', ')}.`;
  }
}

/**
 * Builds an application's progress from its records.
 *
 * @param application - the application
 * @param steps - its steps, in progress order
 * @returns the progress
 */
export function progressOf(application: TransferApplication, steps: readonly TransferStep[]): ApplicationProgress {
  const open = application.status === 'OPEN';
  const doneCount = steps.filter((step) => step.status === 'DONE').length;
  const ready = open && doneCount === steps.length;
  const pending = steps.filter((step) => step.status !== 'DONE').map((step) => step.departmentMsp);
  const waitingOn = !open ? [] : ready ? [REAL_ESTATE_MSP] : pending;
  return {
    applicationId: application.id,
    unitNumber: application.unitNumber,
    type: application.type,
    status: application.status,
    openedAt: application.openedAt,
    closedAt: application.closedAt,
    closedReason: application.closedReason,
    steps: steps.map((step) => ({
      step: step.step,
      title: STEP_TITLES[step.step as StepCode],
      departmentMsp: step.departmentMsp,
      status: step.status,
      updatedAt: step.updatedAt,
      reasonCode: step.reasonCode,
    })),
    doneCount,
    requiredCount: steps.length,
    waitingOn,
    readyForRegistration: ready,
    certificateId: application.certificateId,
    summary: summary(application, steps, waitingOn),
  };
}
