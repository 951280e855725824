import { bundleLambdas } from './bundle-lambda.ts';

// `pnpm bundle`: writes dist/lambda/<function>/index.mjs, which the stack deploys as each function's code.
const { functions } = await bundleLambdas();
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
for (const fn of Object.values(functions)) {
  console.log(
    `bundled ${fn.file}: ${kib(fn.coldStartBytes)} loaded at a cold start, ${kib(fn.totalBytes)} with lazy chunks`,
  );
}
