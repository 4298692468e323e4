/**
 * Node flags every Mosaic service process runs with: npm start and the benches that start services pass them, and
 * the Dockerfile sets the same as NODE_OPTIONS. A 32 MB young generation: the services allocate many
 * short-lived buffers per request or job, and with V8's default the records worker spent 5.9 ms of
 * garbage-collection threads per 2,000-character document against 3.9 ms with it (bench records).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=32'];
