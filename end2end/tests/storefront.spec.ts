import { expect, test, type Page } from "@playwright/test";

/** The app marks <body> once the WASM has hydrated the server-rendered page. */
async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

test("a shopper browses from home to a product and picks another variant", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await page.goto("/");
  await hydrated(page);
  await expect(page).toHaveTitle("Mercato");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // Home → category, through the category tiles.
  await page.getByRole("heading", { name: "Shop by category" }).scrollIntoViewIfNeeded();
  await page.getByRole("link", { name: /^Clothing \d+ products$/ }).click();
  await expect(page).toHaveURL(/\/c\/clothing$/);
  await expect(page.getByRole("heading", { level: 1, name: "Clothing" })).toBeVisible();

  // Into a sub-category whose products come in sizes with different prices.
  await page.getByRole("list", { name: "Subcategories" }).getByRole("link", { name: "Jackets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Jackets" })).toBeVisible();
  await page.getByRole("link", { name: "Price: high to low" }).click();
  await expect(page).toHaveURL(/sort=price-desc/);

  const products = page.getByRole("list", { name: "Jackets products" });
  const firstProduct = products.getByRole("heading", { level: 3 }).first();
  const productName = (await firstProduct.textContent())?.trim() ?? "";
  await firstProduct.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: productName })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Jackets");
  await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();

  // Pick another size: the price and SKU change without a page load.
  const marker = await page.evaluate(() => ((window as any).__sameDocument = Math.random()));
  const price = page.getByTestId("price");
  const sku = page.getByTestId("sku");
  const priceBefore = await price.textContent();
  const skuBefore = await sku.textContent();
  const sizes = page.getByRole("group", { name: /Size/ }).getByRole("radio");
  const count = await sizes.count();
  expect(count).toBeGreaterThan(1);
  let changed = false;
  for (let i = count - 1; i >= 0 && !changed; i--) {
    if (await sizes.nth(i).isChecked()) continue;
    await sizes.nth(i).check({ force: true });
    await expect(sku).not.toHaveText(skuBefore ?? "");
    changed = (await price.textContent()) !== priceBefore;
  }
  expect(changed, "a larger size costs more").toBe(true);
  await expect(page.getByTestId("availability")).toHaveText(/In stock|Only \d+ left|Out of stock/);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(marker);
  expect(errors).toEqual([]);
});

test("an unknown product shows a 404 page", async ({ page }) => {
  const response = await page.goto("/p/no-such-product");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the shop" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("a bad page number gets a clear message, not a server error", async ({ page }) => {
  const response = await page.goto("/c/clothing?page=abc");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("“abc” is not a page number");
});

test("the product page carries search-engine data", async ({ page, request }) => {
  await page.goto("/c/kitchen");
  const link = page.getByRole("list", { name: "Kitchen products" }).getByRole("link").first();
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const jsonLd = await page.locator('script[type="application/ld+json"]').textContent();
  const data = JSON.parse(jsonLd ?? "{}");
  expect(data["@type"]).toBe("Product");
  expect(data.offers.length).toBeGreaterThan(0);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", /\/p\//);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /.+/);

  const sitemap = await request.get("/sitemap.xml");
  expect(sitemap.ok()).toBe(true);
  expect(await sitemap.text()).toContain("/sitemaps/products-1.xml");
});
