import { isKnownCurrency } from './currencies.js';
import { invalidRequest, parameterMissing } from './errors.js';
import type { FormObject } from './form-encoding.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringArray,
  readExpand,
  readMetadata,
  requiredString,
} from './params.js';

/** A line item of a new session, as validated from `line_items[i][price_data]`. */
export interface LineItemInput {
  name: string;
  description: string | null;
  images: string[];
  productMetadata: Record<string, string>;
  /** Lower-case ISO currency code. */
  currency: string;
  /** Unit price in the currency's minor unit (cents). */
  unitAmount: number;
  quantity: number;
}

/** The validated parameters of `POST /v1/checkout/sessions`. */
export interface CreateSessionParams {
  mode: 'payment';
  successUrl: string;
  cancelUrl: string | null;
  lineItems: LineItemInput[];
  /** `allowed_payment_method_types`, or null when the account's defaults apply. */
  allowedPaymentMethodTypes: string[] | null;
  allowPromotionCodes: boolean | null;
  /** Unix seconds; already checked against the 30-minute to 24-hour window. */
  expiresAt: number;
  metadata: Record<string, string>;
  clientReferenceId: string | null;
  customerEmail: string | null;
  /** `payment_intent_data[metadata]`: what real Stripe copies onto the PaymentIntent and its charge. */
  paymentIntentMetadata: Record<string, string>;
  expand: Set<string>;
}

/** Stripe's window for `expires_at`, in seconds from creation. */
export const EXPIRY_WINDOW = { minSeconds: 30 * 60, maxSeconds: 24 * 60 * 60 } as const;

/** Stripe's limit on `client_reference_id`. */
export const CLIENT_REFERENCE_ID_MAX_LENGTH = 200;

/**
 * The parameters of `POST /v1/checkout/sessions` that stripe-local implements, as bracketed paths
 * (`[]` a list element, `[*]` any key). Each must be one Stripe knows (`KNOWN_PARAMS`, generated from
 * the SDK's types; a test checks it); others Stripe knows are refused as unsupported.
 */
export const SUPPORTED_SESSION_CREATE_PARAMS = [
  'mode',
  'success_url',
  'cancel_url',
  'line_items[][price_data][currency]',
  'line_items[][price_data][unit_amount]',
  'line_items[][price_data][product_data][name]',
  'line_items[][price_data][product_data][description]',
  'line_items[][price_data][product_data][images][]',
  'line_items[][price_data][product_data][metadata][*]',
  'line_items[][quantity]',
  'allowed_payment_method_types[]',
  'allow_promotion_codes',
  'expires_at',
  'metadata[*]',
  'client_reference_id',
  'customer_email',
  'payment_intent_data[metadata][*]',
  'expand[]',
  // Accepted and ignored: they only change how Stripe's own page looks, what it collects or taxes.
  'line_items[][price_data][tax_behavior]',
  'payment_intent_data[description]',
  'payment_intent_data[receipt_email]',
  'locale',
  'submit_type',
  'billing_address_collection',
  'customer_creation',
] as const;

function checkUrl(value: string, param: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
  }
  return value;
}

function readLineItem(form: FormObject, index: number): LineItemInput {
  const at = `line_items[${index}]`;
  const priceData = optionalObject(form.price_data, `${at}[price_data]`);
  if (!priceData) throw parameterMissing(`${at}[price_data]`);
  // Stripe lower-cases currencies; the code must still be one that exists.
  const currency = requiredString(priceData.currency, `${at}[price_data][currency]`).toLowerCase();
  if (!isKnownCurrency(currency)) {
    throw invalidRequest(`Invalid currency: ${currency}. Use a three-letter ISO 4217 currency code.`, {
      param: `${at}[price_data][currency]`,
      code: 'parameter_invalid_string',
    });
  }
  const unitAmount = optionalInteger(priceData.unit_amount, `${at}[price_data][unit_amount]`);
  if (unitAmount === undefined) throw parameterMissing(`${at}[price_data][unit_amount]`);
  if (unitAmount < 0) {
    throw invalidRequest('This value must be greater than or equal to 0.', {
      param: `${at}[price_data][unit_amount]`,
      code: 'parameter_invalid_integer',
    });
  }
  const productData = optionalObject(priceData.product_data, `${at}[price_data][product_data]`);
  if (!productData) throw parameterMissing(`${at}[price_data][product_data]`);
  const images = optionalStringArray(productData.images, `${at}[price_data][product_data][images]`) ?? [];
  if (images.length > 8) {
    throw invalidRequest('A product can have at most 8 images.', {
      param: `${at}[price_data][product_data][images]`,
      code: 'parameter_invalid_string',
    });
  }
  images.forEach((image, imageIndex) => {
    checkUrl(image, `${at}[price_data][product_data][images][${imageIndex}]`);
  });
  // Stripe requires a quantity for price_data line items; defaulting it would hide a client bug.
  const quantity = optionalInteger(form.quantity, `${at}[quantity]`);
  if (quantity === undefined) throw parameterMissing(`${at}[quantity]`);
  if (quantity < 1) {
    throw invalidRequest('This value must be greater than or equal to 1.', {
      param: `${at}[quantity]`,
      code: 'parameter_invalid_integer',
    });
  }
  return {
    name: requiredString(productData.name, `${at}[price_data][product_data][name]`),
    description:
      optionalString(productData.description, `${at}[price_data][product_data][description]`) ?? null,
    images,
    productMetadata: readMetadata(productData.metadata, `${at}[price_data][product_data][metadata]`),
    currency,
    unitAmount,
    quantity,
  };
}

function readExpiresAt(form: FormObject, nowSeconds: number): number {
  const expiresAt = optionalInteger(form.expires_at, 'expires_at');
  if (expiresAt === undefined) return nowSeconds + EXPIRY_WINDOW.maxSeconds;
  if (expiresAt - nowSeconds < EXPIRY_WINDOW.minSeconds) {
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      { param: 'expires_at', code: 'parameter_invalid_integer' },
    );
  }
  if (expiresAt - nowSeconds > EXPIRY_WINDOW.maxSeconds) {
    throw invalidRequest(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      { param: 'expires_at', code: 'parameter_invalid_integer' },
    );
  }
  return expiresAt;
}

/**
 * Validates the values in the body of `POST /v1/checkout/sessions` the way Stripe does, in Stripe's
 * order of checks where it matters to clients (required parameters first). Which parameters may be
 * sent at all is checked before, against {@link SUPPORTED_SESSION_CREATE_PARAMS} and Stripe's own list.
 *
 * @param form - the decoded request body.
 * @param nowSeconds - the current time in Unix seconds, from the server's clock.
 * @throws StripeLocalError (400) naming the offending `param`.
 */
export function parseCreateSessionParams(form: FormObject, nowSeconds: number): CreateSessionParams {
  const mode = requiredString(form.mode, 'mode');
  if (mode === 'setup' || mode === 'subscription') {
    throw invalidRequest(`stripe-local supports only mode=payment, not ${mode}.`, {
      param: 'mode',
      code: 'stripe_local_unsupported_parameter',
    });
  }
  if (mode !== 'payment') {
    throw invalidRequest('Invalid mode: must be one of payment, setup, or subscription', {
      param: 'mode',
      code: 'parameter_invalid_string',
    });
  }
  const successUrl = checkUrl(requiredString(form.success_url, 'success_url'), 'success_url');
  const cancelUrlText = optionalString(form.cancel_url, 'cancel_url');
  const cancelUrl = cancelUrlText ? checkUrl(cancelUrlText, 'cancel_url') : null;

  const rawItems = form.line_items;
  if (rawItems === undefined || rawItems === '') throw parameterMissing('line_items');
  if (!Array.isArray(rawItems) || rawItems.length === 0) {
    throw invalidRequest('Invalid array: line_items must be a non-empty list.', { param: 'line_items' });
  }
  if (rawItems.length > 100)
    throw invalidRequest('A session can have at most 100 line items.', { param: 'line_items' });
  const lineItems = rawItems.map((item, index) => {
    const object = optionalObject(item, `line_items[${index}]`);
    if (!object) throw parameterMissing(`line_items[${index}][price_data]`);
    return readLineItem(object, index);
  });
  const currency = lineItems[0]?.currency;
  lineItems.forEach((item, index) => {
    if (item.currency !== currency) {
      throw invalidRequest('All line items must use the same currency.', {
        param: `line_items[${index}][price_data][currency]`,
      });
    }
  });

  const paymentIntentData = optionalObject(form.payment_intent_data, 'payment_intent_data');
  const customerEmail = optionalString(form.customer_email, 'customer_email') || null;
  if (customerEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(customerEmail)) {
    throw invalidRequest(`Invalid email address: ${customerEmail}`, {
      param: 'customer_email',
      code: 'email_invalid',
    });
  }
  const clientReferenceId = optionalString(form.client_reference_id, 'client_reference_id') || null;
  if (clientReferenceId !== null && clientReferenceId.length > CLIENT_REFERENCE_ID_MAX_LENGTH) {
    throw invalidRequest(
      `Invalid string: ${clientReferenceId.slice(0, 20)}...; must be at most ${CLIENT_REFERENCE_ID_MAX_LENGTH} characters`,
      { param: 'client_reference_id', code: 'parameter_invalid_string' },
    );
  }
  const allowedPaymentMethodTypes =
    optionalStringArray(form.allowed_payment_method_types, 'allowed_payment_method_types') ?? null;

  return {
    mode: 'payment',
    successUrl,
    cancelUrl,
    lineItems,
    allowedPaymentMethodTypes:
      allowedPaymentMethodTypes && allowedPaymentMethodTypes.length > 0 ? allowedPaymentMethodTypes : null,
    allowPromotionCodes: optionalBoolean(form.allow_promotion_codes, 'allow_promotion_codes') ?? null,
    expiresAt: readExpiresAt(form, nowSeconds),
    metadata: readMetadata(form.metadata),
    clientReferenceId,
    customerEmail,
    paymentIntentMetadata: readMetadata(paymentIntentData?.metadata, 'payment_intent_data[metadata]'),
    expand: readExpand(form),
  };
}
