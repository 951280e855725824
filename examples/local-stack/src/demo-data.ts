import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { resolveTables } from '@biztech/payments-aws';

/** A `biztechEvents` item exactly as BizTech stores it (prices in dollars). */
export interface DemoEvent {
  id: string;
  year: number;
  ename: string;
  description: string;
  /** Banner colour; the image URL is made absolute at seeding time (Stripe wants http(s) images). */
  color: string;
  capac: number;
  isApplicationBased: boolean;
  pricing: { members: number; nonMembers: number };
}

/** A banner for an event, served by the demo server at `/demo/images/<id>.svg`. */
export function eventImageSvg(event: Pick<DemoEvent, 'ename' | 'color'>): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160"><rect width="100%" height="100%" fill="${event.color}"/><text x="50%" y="55%" font-family="sans-serif" font-size="28" fill="white" text-anchor="middle">${event.ename}</text></svg>`;
}

/**
 * The demo events: the four the contract asks for (free, paid, application-based paid, paid with one
 * seat) and a free application-based one, whose accepted applicants confirm their place themselves.
 */
export const DEMO_EVENTS: DemoEvent[] = [
  {
    id: 'hello-world',
    year: 2026,
    ename: 'Hello World',
    description: 'A free welcome night.',
    color: '#2b6cb0',
    capac: 200,
    isApplicationBased: false,
    pricing: { members: 0, nonMembers: 0 },
  },
  {
    id: 'blueprint',
    year: 2026,
    ename: 'Blueprint',
    description: 'Paid conference: $10.00 for members, $19.99 for everyone else.',
    color: '#2f855a',
    capac: 150,
    isApplicationBased: false,
    pricing: { members: 10, nonMembers: 19.99 },
  },
  {
    id: 'hello-hacks',
    year: 2026,
    ename: 'HelloHacks',
    description: 'Application-based hackathon: apply, get accepted, then pay $15.00.',
    color: '#6b46c1',
    capac: 100,
    isApplicationBased: true,
    pricing: { members: 15, nonMembers: 15 },
  },
  {
    id: 'case-comp',
    year: 2026,
    ename: 'Case Competition',
    description: 'Free, application-based: apply, get accepted, then confirm your place.',
    color: '#b83280',
    capac: 40,
    isApplicationBased: true,
    pricing: { members: 0, nonMembers: 0 },
  },
  {
    id: 'exec-dinner',
    year: 2026,
    ename: 'Exec Dinner',
    description: 'Paid dinner with a single seat: the second person is waitlisted before paying.',
    color: '#c05621',
    capac: 1,
    isApplicationBased: false,
    pricing: { members: 5, nonMembers: 5 },
  },
];

/** An existing, non-member user, for the `Member` purchase (which upgrades an existing user). */
export const DEMO_USER = {
  id: 'existing@ubc.ca',
  fname: 'Existing',
  lname: 'User',
  education: 'UBC',
  isMember: false,
};

/** Writes the demo events (as `biztechEvents` items) and user into the (already created) tables. */
export async function seedDemoData(
  doc: DynamoDBDocumentClient,
  tableSuffix: string,
  publicUrl: string,
): Promise<void> {
  const tables = resolveTables({ tableSuffix });
  for (const { color: _color, ...event } of DEMO_EVENTS) {
    const item = { ...event, imageUrl: `${publicUrl}/demo/images/${event.id}.svg` };
    await doc.send(new PutCommand({ TableName: tables.events, Item: item }));
  }
  await doc.send(new PutCommand({ TableName: tables.users, Item: DEMO_USER }));
}
