// express ships no type declarations and @types/express is not a dependency; the glue only needs
// an application to mount the scimmy-routers middleware on, so the module is typed as `any`.
declare module 'express';
