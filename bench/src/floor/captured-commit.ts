import { GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The marshalled inputs of the calls one handler request made, to replay them bare for another record. */
export interface CapturedCalls {
  get: Record<string, unknown>;
  transact: Record<string, unknown>;
}

type Handler = (args: { input: Record<string, unknown> }) => Promise<unknown>;

/**
 * Records the marshalled `GetItem` and `TransactWriteItems` inputs `operation` sends through the
 * document client (at the `build` step, after lib-dynamodb has marshalled them).
 */
export async function captureCalls(doc: DynamoDBDocumentClient, operation: () => Promise<unknown>) {
  const seen: Record<string, Record<string, unknown>> = {};
  const name = `floorCapture${Date.now()}`;
  doc.middlewareStack.add(
    ((next: Handler, context: { commandName?: string }) => (args: { input: Record<string, unknown> }) => {
      if (context.commandName) seen[context.commandName] = structuredClone(args.input);
      return next(args);
    }) as never,
    { step: 'build', name } as never,
  );
  try {
    await operation();
  } finally {
    doc.middlewareStack.remove(name);
  }
  const get = seen.GetItemCommand;
  const transact = seen.TransactWriteItemsCommand;
  if (!get || !transact)
    throw new Error(`the request made no GetItem + TransactWriteItems: ${Object.keys(seen)}`);
  return { get, transact } satisfies CapturedCalls;
}

/** The captured inputs with every identifier of the captured record replaced by the other record's. */
export function retarget(calls: CapturedCalls, from: Record<string, string>, to: Record<string, string>) {
  const swap = (input: Record<string, unknown>) => {
    let text = JSON.stringify(input);
    for (const [name, value] of Object.entries(from)) text = text.replaceAll(value, to[name] as string);
    return JSON.parse(text) as Record<string, unknown>;
  };
  return { get: swap(calls.get), transact: swap(calls.transact) };
}

/** The floor: the same two calls, made bare on the same client. */
export async function sendBare(doc: DynamoDBDocumentClient, calls: CapturedCalls): Promise<void> {
  await doc.send(new GetItemCommand(calls.get as never));
  await doc.send(new TransactWriteItemsCommand(calls.transact as never));
}

/** Raw commit throughput's unit: the captured transaction alone. */
export async function sendCommit(doc: DynamoDBDocumentClient, calls: CapturedCalls): Promise<void> {
  await doc.send(new TransactWriteItemsCommand(calls.transact as never));
}
