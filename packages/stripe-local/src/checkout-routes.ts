import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderCheckoutPage, renderNotFoundPage } from './checkout-page.js';
import { StripeLocalError } from './errors.js';
import { decodeForm } from './form-encoding.js';
import { mediaType, readBody, sendHtml, sendJson, sendRedirect } from './http.js';
import type { PayOptions, StripeStore } from './store.js';

/** What the hosted-page routes need from the server. */
export interface CheckoutRoutesContext {
  store: StripeStore;
  asyncPayments: boolean;
}

const PAGE = /^\/checkout\/([^/]+)\/?$/;
const ACTION = /^\/checkout\/([^/]+)\/(pay|cancel)$/;

function invalidBody(message: string): StripeLocalError {
  return new StripeLocalError(400, 'invalid_request_error', message, { code: 'invalid_body' });
}

// Browserless clients send JSON such as `{ "promotionCode": "HALFOFF", "fail": false }`.
function parseJsonPayOptions(text: string): PayOptions {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidBody('The body must be JSON, e.g. {"promotionCode":"HALFOFF"}.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidBody('The body must be a JSON object.');
  const { promotionCode, fail, async } = body as Record<string, unknown>;
  if (promotionCode !== undefined && promotionCode !== null && typeof promotionCode !== 'string') {
    throw invalidBody('promotionCode must be a string.');
  }
  if (fail !== undefined && typeof fail !== 'boolean') throw invalidBody('fail must be a boolean.');
  if (async !== undefined && typeof async !== 'boolean') throw invalidBody('async must be a boolean.');
  return {
    ...(promotionCode ? { promotionCode } : {}),
    ...(fail !== undefined ? { fail } : {}),
    ...(async !== undefined ? { async } : {}),
  };
}

// The hosted page's form sends checkboxes only when ticked.
function parseFormPayOptions(text: string): PayOptions {
  const form = decodeForm(text);
  const ticked = (value: unknown) => value === 'true' || value === 'on';
  const code = typeof form.promotionCode === 'string' ? form.promotionCode : '';
  return { promotionCode: code || null, fail: ticked(form.fail), async: ticked(form.async) };
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * Serves the hosted checkout page and its two actions.
 *
 * The actions answer in the caller's language: a browser form (`application/x-www-form-urlencoded`)
 * gets a 303 redirect (or the page again with an error), any other client gets JSON
 * (`{ session, redirect }` or `{ redirect }`, errors as `{ error: { type, code, message } }`).
 *
 * @returns false when the path is not a checkout path, so the caller can answer 404.
 */
export async function handleCheckout(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  context: CheckoutRoutesContext,
): Promise<boolean> {
  const { store } = context;
  const page = PAGE.exec(path);
  if (page && (request.method === 'GET' || request.method === 'HEAD')) {
    const id = safeDecode(page[1] ?? '') ?? '';
    store.expireDue();
    try {
      sendHtml(
        response,
        200,
        renderCheckoutPage(store.session(id), { asyncPayments: context.asyncPayments }),
      );
    } catch (error) {
      if (!(error instanceof StripeLocalError)) throw error;
      sendHtml(response, 404, renderNotFoundPage(id));
    }
    return true;
  }
  const action = ACTION.exec(path);
  if (!action || request.method !== 'POST') return false;
  const id = safeDecode(action[1] ?? '') ?? '';
  const fromBrowser = mediaType(request) === 'application/x-www-form-urlencoded';
  const text = await readBody(request);
  if (!fromBrowser) {
    try {
      const result = action[2] === 'pay' ? store.pay(id, parseJsonPayOptions(text)) : store.cancel(id);
      sendJson(response, 200, result);
    } catch (error) {
      if (!(error instanceof StripeLocalError)) throw error;
      sendJson(response, error.statusCode, error.toBody());
    }
    return true;
  }
  const options = action[2] === 'pay' ? parseFormPayOptions(text) : {};
  try {
    const { redirect } = action[2] === 'pay' ? store.pay(id, options) : store.cancel(id);
    sendRedirect(response, redirect);
  } catch (error) {
    if (!(error instanceof StripeLocalError)) throw error;
    let session: ReturnType<StripeStore['session']>;
    try {
      session = store.session(id);
    } catch {
      sendHtml(response, 404, renderNotFoundPage(id));
      return true;
    }
    const html = renderCheckoutPage(session, {
      asyncPayments: options.async ?? context.asyncPayments,
      error: error.message,
      promotionCode: options.promotionCode ?? null,
    });
    sendHtml(response, error.statusCode, html);
  }
  return true;
}
