import { expect, type Page } from "@playwright/test";

/** Waits until the WASM app has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

/** Adds `count` different featured products that can be bought; returns their names. */
export async function fillCart(page: Page, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let index = 0; index < 8 && names.length < count; index++) {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("list", { name: "Featured products" }).getByRole("heading", { level: 3 }).nth(index).getByRole("link").click();
    await hydrated(page);
    const name = (await page.getByRole("heading", { level: 1 }).textContent())?.trim() ?? "";
    const add = page.getByRole("button", { name: "Add to cart" });
    if (!(await add.isEnabled())) continue;
    await add.click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart." })).toBeVisible();
    names.push(name);
  }
  expect(names).toHaveLength(count);
  return names;
}

/** On the checkout page with the details filled in: review, place the order, reach the sandbox. */
export async function reviewAndGoToPayment(page: Page) {
  await page.getByRole("button", { name: "Review order" }).click();
  await expect(page.getByTestId("order-total")).toBeVisible();
  await expect(page.getByText(/VAT 23 %/).first()).toBeVisible();
  await page.getByRole("button", { name: /^Place order and pay/ }).click();
  // The sandbox gateway's hosted page: another origin, the shop never sees the card.
  await expect(page.getByRole("heading", { name: "Card details" })).toBeVisible();
  expect(new URL(page.url()).port).toBe("3002");
}

/** Types a test card into the sandbox's card form and pays. */
export async function payWithCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry date").fill("12/34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill("Ada Buyer");
  await page.getByRole("button", { name: /^Pay / }).click();
}
