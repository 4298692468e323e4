export { captureLogs } from './log-capture';
export { eventually, startService } from './service-harness';
export type { ServiceHarness, ServiceUnderTest } from './service-harness';
export { httpClient } from './http-client';
export type { HttpResponse } from './http-client';
export { auditRoutes } from './route-audit';
export type { RouteGuarding } from './route-audit';
export { describeServiceSpine, pingPayloads } from './spine.suite';
