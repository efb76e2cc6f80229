import { expect, test, type Page } from "@playwright/test";

import { fillCart, hydrated, paidGuestOrder, signIn } from "../helpers/shop";

/**
 * Every page, loaded several times, must hydrate without a panic. A mismatch between the HTML the
 * server rendered and what the WASM app expects panics in the browser ("entered unreachable
 * code", then "RuntimeError: unreachable"); the page still looks right, but its forms no longer
 * work in the app. Such a mismatch can depend on timing on the server, so a single load proves
 * little: each page is loaded `LOADS` times, the stock page (whose sections crashed about one
 * load in three) more often.
 */
const LOADS = 4;
const STOCK_LOADS = 12;

/** Accounts made by scripts/test.sh with `mercato admin create`. */
const administrator = {
  email: process.env.MERCATO_E2E_ADMIN_EMAIL ?? "admin@mercato.test",
  password: process.env.MERCATO_E2E_ADMIN_PASSWORD ?? "admin password 123",
};
const stockClerk = {
  email: process.env.MERCATO_E2E_CLERK_EMAIL ?? "clerk@mercato.test",
  password: process.env.MERCATO_E2E_CLERK_PASSWORD ?? "clerk password 123",
};

// Hydration does not depend on the viewport: the desktop run is enough.
test.beforeEach(({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== "desktop", "the desktop run covers hydration");
});
test.describe.configure({ timeout: 240_000 });

/** Collects panics and uncaught errors of `page`, with the address they happened at. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/panicked|unreachable/i.test(message.text())) {
      problems.push(`${page.url()}: console ${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: page error: ${error.message}`));
  return problems;
}

/**
 * Whether the app has taken over the page: the body's mark, and on a back-office page also the
 * mark of its own, lazily loaded code.
 */
async function ready(page: Page, path: string): Promise<boolean> {
  return page.evaluate((admin) => {
    const hydrated = document.body?.dataset.hydrated === "true";
    return hydrated && (!admin || document.querySelector("[data-page-ready=true]") !== null);
  }, path.startsWith("/admin"));
}

/**
 * Loads `path` `times` times; each load must answer `status` (any success when not given) and
 * hydrate, and none may panic.
 */
async function loadRepeatedly(page: Page, problems: string[], path: string, times = LOADS, status?: number) {
  for (let load = 1; load <= times; load++) {
    const before = problems.length;
    const response = await page.goto(path);
    if (status === undefined) {
      expect(response?.status(), `${path} answers`).toBeLessThan(400);
    } else {
      expect(response?.status(), `${path} answers`).toBe(status);
    }
    // Either hydration finishes (the marks appear) or it panics (a problem is recorded).
    await expect
      .poll(async () => problems.length > before || (await ready(page, path)), {
        message: `${path} (load ${load}) hydrates`,
        intervals: [50],
      })
      .toBe(true);
    expect(problems.slice(before), `${path}, load ${load} of ${times}`).toEqual([]);
  }
}

/** Nothing panicked after the last load's marks appeared, e.g. once data it fetched arrived. */
async function noLatePanic(page: Page, problems: string[]) {
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
}

/** The address of the first link on `listPath` whose address matches `pattern`, if any. */
async function firstLink(page: Page, listPath: string, pattern: RegExp): Promise<string | undefined> {
  await page.goto(listPath);
  await hydrated(page);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((href) => pattern.test(href));
}

/** A SKU from the storefront: the first featured product's. */
async function someSku(page: Page): Promise<string> {
  const product = await firstLink(page, "/", /^\/p\/[^/?#]+$/);
  expect(product, "a product on the home page").toBeDefined();
  await page.goto(product!);
  const sku = (await page.getByTestId("sku").textContent())?.replace(/^SKU\s*/, "").trim() ?? "";
  expect(sku).not.toBe("");
  return sku;
}

test("every storefront page hydrates without a panic, load after load", async ({ page }) => {
  const problems = watch(page);
  // Something in the cart, so that the cart and the checkout show their full forms.
  await fillCart(page, 1);
  const category = await firstLink(page, "/", /^\/c\/[^/?#]+$/);
  const product = await firstLink(page, "/", /^\/p\/[^/?#]+$/);
  expect(category, "a category link on the home page").toBeDefined();
  expect(product, "a product link on the home page").toBeDefined();

  for (const path of [
    "/",
    category!,
    `${category!}?page=2&sort=price-desc`,
    product!,
    "/search?q=shirt",
    "/cart",
    "/checkout",
    "/orders/find",
    "/account/sign-in",
    "/account/sign-up",
    "/account/forgot",
    "/account/verify?token=not-a-token",
    "/account/reset?token=not-a-token",
  ]) {
    await loadRepeatedly(page, problems, path);
  }
  // Not signed in: the account page asks to sign in first.
  await loadRepeatedly(page, problems, "/account", LOADS, 401);

  await noLatePanic(page, problems);
});

// Every route under /admin in app/src/lib.rs, in two halves that can run side by side.
test("the administrator's order, customer and catalogue pages hydrate without a panic", async ({ page }) => {
  const problems = watch(page);
  // An order and a customer for the back office to show (a fresh shop has neither); on the way,
  // the order's confirmation page, as the link after payment opens it.
  const someone = `hydration-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await paidGuestOrder(page, `${someone}@example.com`);
  const confirmation = new URL(page.url());
  await loadRepeatedly(page, problems, confirmation.pathname + confirmation.search);
  await page.goto("/account/sign-up");
  await hydrated(page);
  await page.getByLabel("Your name").fill("Hydra Tester");
  await page.getByLabel("E-mail address").fill(`${someone}@example.org`);
  await page.getByLabel("Password").fill(`a long passphrase ${someone}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Almost done")).toBeVisible();

  await signIn(page, administrator.email, administrator.password);
  const order = await firstLink(page, "/admin/orders", /^\/admin\/orders\/[^/?#]+$/);
  const customer = await firstLink(page, "/admin/customers", /^\/admin\/customers\/\d+$/);
  const product = await firstLink(page, "/admin/products", /^\/admin\/products\/\d+$/);
  for (const [what, found] of Object.entries({ order, customer, product })) {
    expect(found, `a ${what} to open`).toBeDefined();
  }
  for (const path of [
    "/admin",
    "/admin/orders",
    "/admin/orders?page=2",
    order!,
    "/admin/customers",
    customer!,
    "/admin/products",
    "/admin/products/import",
    "/admin/products/new",
    product!,
    "/admin/categories",
    "/admin/brands",
    "/account",
  ]) {
    await loadRepeatedly(page, problems, path);
  }

  await noLatePanic(page, problems);
});

test("the administrator's stock, purchasing and staff pages hydrate without a panic", async ({ page }) => {
  const problems = watch(page);
  const sku = await someSku(page);
  await signIn(page, administrator.email, administrator.password);
  // A supplier and a purchase order to open, made if the shop has none yet.
  let supplier = await firstLink(page, "/admin/suppliers", /^\/admin\/suppliers\/\d+$/);
  if (!supplier) {
    await page.goto("/admin/suppliers");
    await expect(page.locator("[data-page-ready=true]")).toHaveCount(1);
    await page.getByLabel("Name").fill(`Hydration supplier ${Date.now().toString(36)}`);
    await page.getByLabel("E-mail for purchase orders").fill("orders@hydration.example");
    await page.getByRole("button", { name: "Add supplier" }).click();
    await expect(page.locator('a[href^="/admin/suppliers/"]').first()).toBeVisible();
    supplier = await firstLink(page, "/admin/suppliers", /^\/admin\/suppliers\/\d+$/);
  }
  expect(supplier, "a supplier to open").toBeDefined();
  let purchaseOrder = await firstLink(page, "/admin/purchase-orders", /^\/admin\/purchase-orders\/PO-\d+$/);
  if (!purchaseOrder) {
    await page.goto(supplier!);
    await expect(page.locator("[data-page-ready=true]")).toHaveCount(1);
    await page.getByLabel("SKU to order").fill(sku);
    await page.getByLabel("Units to order").fill("1");
    await page.getByRole("button", { name: "Add to a draft purchase order" }).click();
    await expect(page.getByRole("status").getByRole("link", { name: /^PO-\d+$/ })).toBeVisible();
    purchaseOrder = await firstLink(page, "/admin/purchase-orders", /^\/admin\/purchase-orders\/PO-\d+$/);
  }
  expect(purchaseOrder, "a purchase order to open").toBeDefined();

  const lookup = `sku=${encodeURIComponent(sku)}`;
  for (const path of [
    "/admin/stock",
    "/admin/prices",
    `/admin/prices?${lookup}`,
    "/admin/staff",
    "/admin/audit",
    "/admin/pos",
    "/admin/api-keys",
    "/admin/locations",
    "/admin/suppliers",
    supplier!,
    "/admin/purchase-orders",
    purchaseOrder!,
  ]) {
    await loadRepeatedly(page, problems, path);
  }
  await loadRepeatedly(page, problems, `/admin/stock?${lookup}`, STOCK_LOADS);

  await noLatePanic(page, problems);
});

test("every back-office page a stock clerk may open hydrates without a panic", async ({ page }) => {
  const problems = watch(page);
  const sku = await someSku(page);
  await signIn(page, stockClerk.email, stockClerk.password);

  // The sections the clerk's navigation offers.
  await page.goto("/admin");
  await expect(page.locator("[data-page-ready=true]")).toHaveCount(1);
  const sections = await page
    .getByRole("navigation", { name: "Back office" })
    .locator("a[href]")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(sections).toContain("/admin/stock");

  for (const path of [...sections, "/account"]) {
    await loadRepeatedly(page, problems, path);
  }
  await loadRepeatedly(page, problems, `/admin/stock?sku=${encodeURIComponent(sku)}`, STOCK_LOADS);

  await noLatePanic(page, problems);
});
