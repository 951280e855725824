export { actorOf } from './actor.ts';
export {
  PACKAGE_ATTRIBUTES,
  SERVICE_ATTRIBUTES,
  type ServiceAttribute,
  serviceFieldsOf,
} from './attributes.ts';
export { type CurrentRegistration, loadCurrentRegistration } from './current-registration.ts';
export { createRegistrationHandlers, type ProxyHandler } from './handlers.ts';
export type { ProxyEvent, ProxyResult } from './lambda-types.ts';
export { postRegistration } from './post-registration.ts';
export { type PutRegistrationBody, putRegistrationBodySchema } from './put-body.ts';
export { putRegistration } from './put-registration.ts';
export { changeRefused, parseJsonBody, respond, ServiceError } from './responses.ts';
export { createServiceDeps, type ServiceDeps, type ServiceDepsOptions } from './service-deps.ts';
export { updateServiceFields } from './service-fields.ts';
export { changeStatus } from './status-change.ts';
