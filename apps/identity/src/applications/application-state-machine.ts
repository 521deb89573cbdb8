import { IdentityError } from '../identity-error';
import type { ApplicationState, ApplicationType } from './application';

/** The commands that move an application, and the states each may start from. */
export type ApplicationCommand = 'submit' | 'capture-biometrics' | 'start-deduplication' | 'record-deduplication' | 'adjudicate' | 'approve' | 'reject' | 'mark-issued';

const TRANSITIONS: Readonly<Record<ApplicationCommand, readonly ApplicationState[]>> = {
  submit: ['draft'],
  'capture-biometrics': ['submitted'],
  'start-deduplication': ['biometrics-captured'],
  'record-deduplication': ['deduplication'],
  adjudicate: ['adjudication'],
  approve: ['review'],
  reject: ['review', 'adjudication'],
  'mark-issued': ['approved'],
};

/**
 * Checks a command against the current state and returns the next state. Birth registrations
 * skip biometrics and deduplication (newborns are not enrolled biometrically): submitting one
 * sends it straight to review.
 */
export function nextState(type: ApplicationType, state: ApplicationState, command: ApplicationCommand, outcome?: 'clear' | 'possible-duplicate' | 'duplicate' | 'not-duplicate'): ApplicationState {
  if (!TRANSITIONS[command].includes(state)) {
    throw new IdentityError('APPLICATION_TRANSITION_INVALID', `cannot ${command} an application that is ${state} (allowed from: ${TRANSITIONS[command].join(', ')})`, { command, state });
  }
  switch (command) {
    case 'submit':
      return type === 'birth-registration' ? 'review' : 'submitted';
    case 'capture-biometrics':
      return 'biometrics-captured';
    case 'start-deduplication':
      return 'deduplication';
    case 'record-deduplication':
      return outcome === 'clear' ? 'review' : 'adjudication';
    case 'adjudicate':
      return outcome === 'duplicate' ? 'rejected' : 'review';
    case 'approve':
      return 'approved';
    case 'reject':
      return 'rejected';
    case 'mark-issued':
      return 'issued';
  }
}

export function allowedCommands(state: ApplicationState): ApplicationCommand[] {
  return (Object.keys(TRANSITIONS) as ApplicationCommand[]).filter((command) => TRANSITIONS[command].includes(state));
}
