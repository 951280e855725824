// Small DOM helpers shared by the page's views.

/** The element with `id` (the page's HTML defines every id the script uses). */
export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A new element with text content (never HTML, so stored values cannot inject markup). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** A button that runs `onClick`, disabled while it runs so a double click sends one request. */
export function actionButton(label: string, onClick: () => Promise<void>): HTMLButtonElement {
  const button = el('button', label, { type: 'button' });
  button.addEventListener('click', () => {
    button.disabled = true;
    void onClick().finally(() => {
      button.disabled = false;
    });
  });
  return button;
}

/** An amount in cents as people read it, e.g. `$19.99 CAD`. */
export const money = (cents: number, currency: string) =>
  `$${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
