import { expect, test, type Page } from "@playwright/test";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

/** Opens featured products from the home page until one can be bought; returns its name. */
async function openBuyableProduct(page: Page): Promise<string> {
  for (let index = 0; index < 6; index++) {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("list", { name: "Featured products" }).getByRole("heading", { level: 3 }).nth(index).getByRole("link").click();
    const name = (await page.getByRole("heading", { level: 1 }).textContent())?.trim() ?? "";
    if (await page.getByRole("button", { name: "Add to cart" }).isEnabled()) return name;
  }
  throw new Error("no featured product can be bought");
}

test("a shopper fills the cart without reloading and changes it on the cart page", async ({ page }) => {
  const name = await openBuyableProduct(page);
  const marker = await page.evaluate(() => ((window as any).__sameDocument = Math.random()));

  await page.getByRole("button", { name: "Add to cart" }).click();
  const toast = page.getByRole("status").filter({ hasText: "Added to your cart." });
  await expect(toast).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(marker);

  // The mini-cart lists it.
  await page.getByLabel("Cart, 1 item").click();
  await expect(page.getByText(`1 × ${name}`)).toBeVisible();

  await toast.getByRole("link", { name: "Go to cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await hydrated(page);
  const items = page.getByRole("list", { name: "Items in your cart" });
  await expect(items.getByRole("link", { name })).toBeVisible();
  const single = (await page.getByTestId("line-total").textContent())?.trim() ?? "";

  await page.getByLabel(`Quantity of ${name}`).fill("2");
  await page.getByRole("button", { name: "Update" }).click();
  await expect(page.getByTestId("cart-count")).toHaveText("2");
  await expect(page.getByTestId("line-total")).not.toHaveText(single);

  // More than anyone may buy is refused with a sentence.
  await page.getByLabel(`Quantity of ${name}`).fill("999");
  await page.getByRole("button", { name: "Update" }).click();
  await expect(page.getByRole("alert").first()).toContainText(/Only \d+ of/);

  await page.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(page.getByRole("main").getByText("Your cart is empty.")).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("0");
});

test("a shopper adds a one-variant product straight from a listing", async ({ page }) => {
  for (const slug of ["kitchen", "lighting", "audio"]) {
    await page.goto(`/c/${slug}`);
    await hydrated(page);
    const button = page.getByRole("button", { name: /^Add .+ to cart$/ }).first();
    if ((await button.count()) === 0) continue;
    await expect(page.getByTestId("cart-count")).toHaveText("0");
    await button.click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart." }).first()).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    return;
  }
  throw new Error("no listing offered a one-click add");
});
