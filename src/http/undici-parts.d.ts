// Types of the two undici modules client.ts imports on their own (see the comment there).
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export = Agent;
}
declare module 'undici/lib/handler/retry-handler.js' {
  import { RetryHandler } from 'undici';
  export = RetryHandler;
}
