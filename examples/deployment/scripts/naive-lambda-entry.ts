// The yardstick of `scripts/bundle-figures.ts` (issue 16): what a hand-written Lambda that imports
// the three SDKs the payments API talks to, whole, would ship and load. `Object.keys` on each
// namespace keeps every export, so esbuild cannot shake any of them out.
import * as cognito from '@aws-sdk/client-cognito-identity-provider';
import * as dynamodb from '@aws-sdk/lib-dynamodb';
import * as stripe from 'stripe';

/** Answers with the number of exports of each SDK, so the bundle keeps them all. */
export const handler = async () => ({
  statusCode: 200,
  body: [stripe, dynamodb, cognito].map((sdk) => Object.keys(sdk).length).join(','),
});
