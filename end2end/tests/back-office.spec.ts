import { expect, test } from "@playwright/test";

import { mailedText } from "../helpers/mail";
import { hydrated, paidGuestOrder, signIn } from "../helpers/shop";

/** An order handler made by scripts/test.sh with `mercato admin create --role "Order handler"`. */
const handler = {
  email: process.env.MERCATO_E2E_HANDLER_EMAIL ?? "handler@mercato.test",
  password: process.env.MERCATO_E2E_HANDLER_PASSWORD ?? "handler password 123",
};

test("an order handler ships a paid order with a tracking number and the customer is told", async ({ page }) => {
  const shopper = `parcel-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const number = await paidGuestOrder(page, shopper);

  await signIn(page, handler.email, handler.password);
  await page.goto("/admin");
  await hydrated(page);
  await expect(page.getByRole("region", { name: "Today" }).getByTestId("revenue")).not.toHaveText(/^€0\.00$|^0\.00 zł$/);
  await expect(page.getByRole("img", { name: /Revenue per day/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Back office" }).getByRole("link", { name: "Orders" }).click();

  await expect(page).toHaveURL(/\/admin\/orders$/);
  await hydrated(page);
  await page.getByLabel("Number or e-mail").fill(shopper);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=parcel-/);
  await expect(page.getByText("1 order found.")).toBeVisible();
  await page.getByRole("link", { name: number }).click();

  await expect(page.getByRole("heading", { name: `Order ${number}` })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("paid");
  await page.getByLabel("Carrier").selectOption({ label: "UPS" });
  await page.getByLabel("Tracking number").fill("1Z 999 AA1 0123456784");
  await page.getByRole("button", { name: "Mark as shipped" }).click();

  await expect(page.getByText("The order is marked as shipped")).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("shipped");
  await expect(page.getByRole("link", { name: "1Z999AA10123456784" })).toHaveAttribute(
    "href",
    "https://www.ups.com/track?tracknum=1Z999AA10123456784",
  );
  await expect(page.getByText(/Shipped with UPS, tracking number 1Z999AA10123456784/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as shipped" })).toHaveCount(0);

  const link = await mailedText(shopper, /https:\/\/www\.ups\.com\/track\?tracknum=[0-9A-Z]+/);
  expect(link).toBe("https://www.ups.com/track?tracknum=1Z999AA10123456784");
});

test("a bad tracking number is explained and the order stays paid", async ({ page }) => {
  const shopper = `typo-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const number = await paidGuestOrder(page, shopper);

  await signIn(page, handler.email, handler.password);
  await page.goto(`/admin/orders/${number}`);
  await hydrated(page);
  await page.getByLabel("Tracking number").fill("12?");
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.getByRole("alert")).toContainText("4 to 40 letters and digits");
  await expect(page.getByTestId("order-status")).toHaveText("paid");
});

/** A 1×1 PNG. */
const PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/** An administrator made by scripts/test.sh with `mercato admin create`. */
const administrator = {
  email: process.env.MERCATO_E2E_ADMIN_EMAIL ?? "admin@mercato.test",
  password: process.env.MERCATO_E2E_ADMIN_PASSWORD ?? "admin password 123",
};

test("an administrator creates a product with two variants, publishes it and finds it in the shop and in search", async ({ page }) => {
  const word = `Zyx${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  // Not a "shirt": the search scenario counts shirts while this one runs.
  const name = `Linen Tunic ${word}`;
  await signIn(page, administrator.email, administrator.password);
  await page.goto("/admin/products");
  await hydrated(page);
  await page.getByRole("link", { name: "New product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/new$/);
  await hydrated(page);

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description", { exact: true }).fill("Breathable linen for hot days.");
  await page.getByLabel("Category").selectOption({ index: 1 });
  await page.getByRole("checkbox", { name: /Published/ }).check();
  const first = page.getByRole("region", { name: "Variant 1" });
  await first.getByLabel("SKU").fill(`${word}-S`);
  await first.getByLabel("Options").fill("Size: S");
  await first.getByLabel("Price", { exact: true }).fill("19.99");
  await first.getByLabel("Stock at Central warehouse").fill("5");
  await page.getByRole("button", { name: "Add a variant" }).click();
  const second = page.getByRole("region", { name: "Variant 2" });
  await second.getByLabel("SKU").fill(`${word}-M`);
  await second.getByLabel("Options").fill("Size: M");
  await second.getByLabel("Price", { exact: true }).fill("abc");
  await page.getByRole("button", { name: "Save product" }).click();

  // A mistake is shown beside its field and nothing is saved.
  await expect(second.getByText("Enter the price in")).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/products\/new$/);
  await second.getByLabel("Price", { exact: true }).fill("21.00");
  await second.getByLabel("Stock at Central warehouse").fill("3");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
  await hydrated(page);

  // A picture, through the file picker; a text file in disguise is refused.
  await page.getByLabel("Add pictures").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text") });
  await expect(page.getByRole("alert")).toContainText("not a JPEG, PNG, WebP or GIF");
  await page.getByLabel("Add pictures").setInputFiles({ name: "shirt.png", mimeType: "image/png", buffer: Buffer.from(PIXEL_PNG, "base64") });
  await expect(page.getByText("shirt.png was added.")).toBeVisible();
  await page.getByLabel("Alt text").fill(`${name}, front`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Alt text saved.")).toBeVisible();

  const slug = `linen-tunic-${word.toLowerCase()}`;
  await page.goto(`/p/${slug}`);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByRole("img", { name: `${name}, front` })).toBeVisible();
  await expect(page.getByText("Size", { exact: false }).first()).toBeVisible();

  // Search follows the change feed within a second or two.
  await expect
    .poll(async () => {
      await page.goto(`/search?q=${word}`);
      return page.getByRole("link", { name }).count();
    }, { timeout: 15_000 })
    .toBeGreaterThan(0);
});
