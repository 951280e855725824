export {
  createServer,
  type ListenOptions,
  listen,
  type NodeServerOptions,
  type RunningServer,
} from './node-server.ts';
