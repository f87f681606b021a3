import {
  ApplicationProgress,
  STEP_TITLES,
  TransferStepProgress,
  type TransferApplication,
  type TransferStep,
} from './models';

function summary(
  application: TransferApplication,
  steps: readonly TransferStep[],
  waitingOn: string[],
  registry: string,
): string {
  switch (application.status) {
    case 'REGISTERED':
      return `Registered on ${application.closedAt}; new certificate ${application.certificateId}.`;
    case 'WITHDRAWN':
      return `Withdrawn by the applicants on ${application.closedAt}.`;
    case 'REJECTED': {
      const rejected = steps.find((step) => step.status === 'REJECTED');
      const title = rejected === undefined ? 'a step' : STEP_TITLES[rejected.step];
      return `Rejected by ${application.closedByMsp} at "${title}" (${application.closedReason}) on ${application.closedAt}; the unit is free again.`;
    }
    default:
      return waitingOn[0] === registry && waitingOn.length === 1
        ? `All ${steps.length} steps are done; waiting on ${registry} to register the transfer.`
        : `${steps.filter((step) => step.status === 'DONE').length} of ${steps.length} steps done; waiting on ${waitingOn.join(', ')}.`;
  }
}

/**
 * Builds an application's progress from its records.
 *
 * @param application - the application
 * @param steps - its steps, in progress order
 * @param registry - the register's department (whom a ready application waits on)
 * @returns the progress
 */
export function progressOf(
  application: TransferApplication,
  steps: readonly TransferStep[],
  registry: string,
): ApplicationProgress {
  const open = application.status === 'OPEN';
  const doneCount = steps.filter((step) => step.status === 'DONE').length;
  const ready = open && doneCount === steps.length;
  const pending = steps.filter((step) => step.status !== 'DONE').map((step) => step.departmentMsp);
  const waitingOn = !open ? [] : ready ? [registry] : pending;
  return Object.assign(new ApplicationProgress(), {
    applicationId: application.id,
    unitNumber: application.unitNumber,
    type: application.type,
    status: application.status,
    openedAt: application.openedAt,
    closedAt: application.closedAt,
    closedReason: application.closedReason,
    steps: steps.map((step) =>
      Object.assign(new TransferStepProgress(), {
        step: step.step,
        title: STEP_TITLES[step.step],
        departmentMsp: step.departmentMsp,
        status: step.status,
        updatedAt: step.updatedAt,
        reasonCode: step.reasonCode,
      }),
    ),
    doneCount,
    requiredCount: steps.length,
    waitingOn,
    readyForRegistration: ready,
    certificateId: application.certificateId,
    summary: summary(application, steps, waitingOn, registry),
  });
}
