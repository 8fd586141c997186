// The schemas the client checks answers and events against, as a chunk of their own: zod and the
// whole contract weigh more than the rest of the login screen, which does not wait for them.
export { contract } from '../../shared/contract.js';
export { events, isEventName } from '../../shared/events.js';
