import { bundleLambda } from './bundle-lambda.ts';

// `pnpm bundle`: writes dist/lambda/index.mjs, which the stack deploys as the function's code.
const { file, coldStartBytes, totalBytes } = await bundleLambda();
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
console.log(
  `bundled ${file}: ${mib(coldStartBytes)} loaded at a cold start, ${mib(totalBytes)} with lazy chunks`,
);
