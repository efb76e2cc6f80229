import { expect, type Page } from "@playwright/test";

/** Waits until the WASM app has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
  // A back-office page's own code is a separate WASM chunk fetched after the app hydrates (a
  // lazy route); until it has arrived and hydrated, its forms would post as plain HTML.
  if (new URL(page.url()).pathname.startsWith("/admin")) {
    await page.waitForLoadState("networkidle");
  }
}

/**
 * Waits until a back-office page, whose code loads lazily after the rest of the app, has been
 * hydrated: its forms then work in the WASM app rather than as plain HTML forms.
 */
export async function pageReady(page: Page) {
  await hydrated(page);
  await expect(page.locator("[data-page-ready=true]")).toHaveCount(1);
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

/** Fills the checkout form as a guest and goes on to the payment page. */
export async function checkOutAsGuest(page: Page, email: string) {
  await page.goto("/checkout");
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Full name").fill("Ada Buyer");
  await page.getByLabel("Street and number").fill("ul. Prosta 1");
  await page.getByLabel("Postal code").fill("00-001");
  await page.getByLabel("City").fill("Warszawa");
  await page.getByLabel("Country").selectOption("PL");
  await reviewAndGoToPayment(page);
}

/** A guest buys one product and pays; returns the order's number. */
export async function paidGuestOrder(page: Page, email: string): Promise<string> {
  await fillCart(page, 1);
  await checkOutAsGuest(page, email);
  await payWithCard(page, "4242 4242 4242 4242");
  await expect(page).toHaveURL(/\/order\/M[0-9A-Z]+\?key=/);
  return new URL(page.url()).pathname.split("/").pop() ?? "";
}

/** Signs in on the shop's sign-in page. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/account/sign-in");
  await hydrated(page);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/** Types a test card into the sandbox's card form and pays. */
export async function payWithCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry date").fill("12/34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill("Ada Buyer");
  await page.getByRole("button", { name: /^Pay / }).click();
}
