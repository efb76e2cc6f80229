import { expect, test, type Page } from "@playwright/test";

import { mailedText } from "../helpers/mail";
import { hydrated, pageReady, signIn } from "../helpers/shop";

/** Accounts made by scripts/test.sh with `mercato admin create`. */
const admin = {
  email: process.env.MERCATO_E2E_ADMIN_EMAIL ?? "admin@mercato.test",
  password: process.env.MERCATO_E2E_ADMIN_PASSWORD ?? "admin password 123",
};
const storeClerk = {
  email: process.env.MERCATO_E2E_STORE_EMAIL ?? "store@mercato.test",
  password: process.env.MERCATO_E2E_STORE_PASSWORD ?? "store password 123",
};

// Each scenario is a whole working session (import, setup, background jobs, mail): more than
// the default 30 seconds on a busy 2-core machine.
test.describe.configure({ timeout: 120_000 });

/** Something no other scenario (or the other viewport's run) uses. */
function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/**
 * Signs in as the administrator and imports one published single-variant product through the
 * CSV import, the way a merchant loads a catalog; `stock` is units at the warehouse and the store.
 */
async function importProduct(page: Page, slug: string, sku: string, stock: { warehouse: number; store: number }) {
  await signIn(page, admin.email, admin.password);
  const csv =
    "slug,name,category,published,sku,options,price,stock:WH-MAIN,stock:ST-KRK\n" +
    `${slug},Lantern ${slug},clothing,yes,${sku},,19.00,${stock.warehouse},${stock.store}\n`;
  const reply = await page.request.post("/api/admin/products/import?mode=all", {
    headers: { "content-type": "text/csv", origin: new URL(page.url()).origin },
    data: csv,
  });
  expect(reply.status(), await reply.text()).toBe(200);
}

test("a store clerk sells the last two units at the till and the website shows them sold out", async ({ page, browser }) => {
  const slug = unique("till");
  const sku = slug.toUpperCase();
  await importProduct(page, slug, sku, { warehouse: 0, store: 2 });
  await page.goto(`/p/${slug}`);
  await hydrated(page);
  await expect(page.getByText("Only 2 left")).toBeVisible();

  // The clerk works in a browser of their own (the merchant stays signed in on `page`).
  const { baseURL, viewport, isMobile, hasTouch } = test.info().project.use;
  const clerkContext = await browser.newContext({ baseURL, viewport, isMobile, hasTouch });
  const till = await clerkContext.newPage();
  await signIn(till, storeClerk.email, storeClerk.password);
  await till.goto("/admin");
  await hydrated(till);
  await till.getByRole("navigation", { name: "Back office" }).getByRole("link", { name: "Point of sale" }).click();
  await expect(till).toHaveURL(/\/admin\/pos$/);
  await pageReady(till);

  // A scanner types the SKU and presses Enter; scanning twice adds a second unit.
  const scan = till.getByLabel("Scan or type a SKU");
  await scan.fill(sku.toLowerCase());
  await scan.press("Enter");
  await expect(till.getByRole("table", { name: "Basket" }).getByText(`Lantern ${slug}`)).toBeVisible();
  await scan.fill(sku);
  await scan.press("Enter");
  await expect(till.getByLabel(`Quantity of ${sku}`)).toHaveText("2");
  await expect(till.getByTestId("till-total")).toHaveText(/^(€38\.00|38\.00 zł)$/);

  await till.getByLabel("Cash handed over").fill("50.00");
  await till.getByRole("button", { name: "Complete sale" }).click();
  const receipt = till.getByTestId("receipt");
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText(/Receipt S-\d{6}/);
  await expect(receipt).toContainText(`2 × Lantern ${slug}`);
  await expect(receipt.getByRole("row", { name: /Change/ })).toContainText("12.00");
  await expect(till.getByRole("button", { name: "Print receipt" })).toBeVisible();

  // The sale took the store's units at once: the website has none left to sell.
  await page.goto(`/p/${slug}`);
  await hydrated(page);
  await expect(page.getByText("Out of stock").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeDisabled();

  // Nothing is left at the till either: a third unit is refused with the reason.
  await till.getByRole("button", { name: "New sale" }).click();
  await scan.fill(sku);
  await scan.press("Enter");
  await till.getByRole("button", { name: "Complete sale" }).click();
  await expect(till.getByRole("alert")).toContainText("only 0 left at Kraków store");
});

test("the merchant sees the low-stock alert and the draft purchase order, sends it and receives it", async ({ page }) => {
  const slug = unique("reorder");
  const sku = slug.toUpperCase();
  const supplierName = `Supplier ${slug}`;
  const supplierEmail = `${slug}@supplier.example`;
  await importProduct(page, slug, sku, { warehouse: 3, store: 0 });

  // A supplier who gets draft purchase orders automatically, with this item's cost price.
  await page.goto("/admin/suppliers");
  await pageReady(page);
  await page.getByLabel("Name").fill(supplierName);
  await page.getByLabel("E-mail for purchase orders").fill(supplierEmail);
  await page.getByLabel("Lead time (days)").fill("5");
  await page.getByLabel("Automatic reordering").selectOption("draft");
  await page.getByRole("button", { name: "Add supplier" }).click();
  await page.getByRole("link", { name: supplierName }).click();
  await expect(page).toHaveURL(/\/admin\/suppliers\/\d+$/);
  await pageReady(page);
  await page.getByLabel("SKU", { exact: true }).fill(sku);
  await page.getByLabel("Cost price").fill("7.50");
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByRole("cell", { name: /^(€7\.50|7\.50 zł)$/ })).toBeVisible();

  // Reorder 20 when 5 or fewer are left: with 3 in stock the point is already crossed.
  await page.goto(`/admin/stock?sku=${sku}`);
  await pageReady(page);
  await page.getByLabel("Reorder point").fill("5");
  await page.getByLabel("Reorder quantity").fill("20");
  await page.getByLabel("Preferred supplier").selectOption({ label: supplierName });
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText(/All locations: reorder 20 when 5 or fewer are available/)).toBeVisible();

  // The background job raises the alert and drafts the order within moments.
  await expect
    .poll(async () => {
      await page.goto("/admin");
      await pageReady(page);
      return page.getByTestId("reorder-alerts").getByRole("row", { name: new RegExp(sku) }).count();
    })
    .toBe(1);
  await expect(page.getByTestId("reorder-alerts").getByRole("row", { name: new RegExp(sku) })).toContainText(supplierName);
  const alert = await mailedText(admin.email, new RegExp(`Lantern ${slug} \\(${sku}\\) is down to 3 available at all locations`));
  expect(alert).toContain(sku);

  await page.getByRole("navigation", { name: "Back office" }).getByRole("link", { name: "Purchase orders" }).click();
  await expect(page).toHaveURL(/\/admin\/purchase-orders$/);
  await pageReady(page);
  const row = page.getByRole("row", { name: new RegExp(supplierName) });
  await expect(row).toContainText("draft");
  await expect(row).toContainText("150.00");
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/purchase-orders\/PO-\d{5}$/);
  await pageReady(page);
  await expect(page.getByTestId("po-status")).toHaveText("draft");
  await expect(page.getByRole("row", { name: new RegExp(sku) })).toContainText("20");

  await page.getByRole("button", { name: "Send to supplier" }).click();
  await expect(page.getByTestId("po-status")).toHaveText("sent");
  const number = (await page.getByRole("heading", { level: 2 }).textContent())?.split(" ")[0] ?? "";
  expect(number).toMatch(/^PO-\d{5}$/);
  // The supplier's mail: the order as a readable document, with the CSV attached.
  const ordered = await mailedText(supplierEmail, new RegExp(`${sku}\\s+20\\s+\\S*7\\.50`));
  expect(ordered).toContain(sku);
  await mailedText(supplierEmail, new RegExp(`filename="?${number}\\.csv`));

  // Part of it arrives first, then the rest.
  await page.getByLabel(`Units of ${sku} arriving now`).fill("8");
  await page.getByRole("button", { name: "Receive goods" }).click();
  await expect(page.getByTestId("po-status")).toHaveText("partly received");
  await page.getByRole("button", { name: "Receive goods" }).click();
  await expect(page.getByTestId("po-status")).toHaveText("received");
  await expect(page.getByRole("button", { name: "Receive goods" })).toHaveCount(0);

  // The units are on the warehouse shelf, through the ledger.
  await page.goto(`/admin/stock?sku=${sku}`);
  await pageReady(page);
  await expect(page.getByLabel("On hand at Central warehouse")).toHaveValue("23");
  const history = page.getByRole("table", { name: "Stock history" });
  await expect(history.getByRole("row", { name: new RegExp(`Received from supplier.*${number}`) })).toHaveCount(2);
});
