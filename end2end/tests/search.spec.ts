import { expect, test, type Page } from "@playwright/test";

import { hydrated } from "../helpers/shop";

/** Prices (minor units) of the result cards, in page order. */
async function prices(page: Page): Promise<number[]> {
  const values = await page.getByRole("list", { name: "Search results" }).locator("article").evaluateAll((cards) =>
    cards.map((card) => Number(card.getAttribute("data-price"))),
  );
  return values;
}

test("a misspelt brand still finds its products; a suggestion opens with the keyboard", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const box = page.getByRole("combobox", { name: "Search products" });
  await box.pressSequentially("Vistlua", { delay: 30 });
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list).toBeVisible();
  const first = list.getByRole("option").first();
  const name = ((await first.locator("a").textContent()) ?? "").trim();
  expect(name).not.toBe("");

  await box.press("ArrowDown");
  await expect(first).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/p\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

  // Escape closes the list.
  await box.fill("");
  await box.pressSequentially("shirt", { delay: 30 });
  await expect(list).toBeVisible();
  await box.press("Escape");
  await expect(list).toBeHidden();
});

test("filters and sorting live in the URL: Back and reload give the same results", async ({ page }) => {
  await page.goto("/search?q=shirt");
  await hydrated(page);
  const all = (await page.getByTestId("result-count").textContent())?.trim();
  expect(all).toMatch(/\d+ products?/);

  // One brand.
  const brand = page.getByRole("region", { name: "Brand" }).getByRole("link").first();
  const brandName = ((await brand.locator("span").nth(1).textContent()) ?? "").trim();
  await brand.click();
  await expect(page).toHaveURL(/brand=/);
  await expect(page.getByRole("region", { name: "Brand" }).locator("a[aria-current=true]")).toContainText(brandName);
  const branded = (await page.getByTestId("result-count").textContent())?.trim();

  // A price range and the cheapest first.
  const priceForm = page.getByRole("region", { name: "Price", exact: true });
  await priceForm.getByLabel("From").fill("5");
  await priceForm.getByLabel("To").fill("500");
  await priceForm.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/min=5/);
  await hydrated(page);
  await page.getByRole("navigation", { name: "Sort by" }).getByRole("link", { name: "Price: low to high" }).click();
  await expect(page).toHaveURL(/sort=price-asc/);
  // The router swaps the results in after the URL changes: wait for the cards.
  await expect.poll(async () => (await prices(page)).length).toBeGreaterThan(0);
  const sorted = await prices(page);
  expect([...sorted].sort((a, b) => a - b)).toEqual(sorted);
  expect(sorted.every((p) => p >= 500 && p <= 50000)).toBe(true);

  // Back: the previous results again.
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=/);
  await page.goBack();
  await expect(page).not.toHaveURL(/min=/);
  await expect(page.getByTestId("result-count")).toHaveText(branded ?? "");

  // A reloaded filtered URL renders the same page (on the server first).
  const url = page.url();
  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId("result-count")).toHaveText(branded ?? "");
  await expect(page.getByRole("region", { name: "Brand" }).locator("a[aria-current=true]")).toContainText(brandName);
});

test("the search works before the WASM has loaded", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("combobox", { name: "Search products" }).fill("lamp");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/search\?q=lamp/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("lamp");
  await expect(page.getByRole("list", { name: "Search results" })).toBeVisible();
  await context.close();
});
