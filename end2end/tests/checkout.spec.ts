import { expect, test } from "@playwright/test";

import { checkOutAsGuest, fillCart, hydrated, payWithCard } from "../helpers/shop";

test("a guest buys two products and pays with a test card", async ({ page }) => {
  const names = await fillCart(page, 2);
  await checkOutAsGuest(page, `guest-${Date.now()}@example.com`);
  await payWithCard(page, "4242 4242 4242 4242");

  await expect(page).toHaveURL(/\/order\/M[0-9A-Z]+\?key=/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("is confirmed");
  await expect(page.getByTestId("order-status")).toHaveText("paid");
  for (const name of names) await expect(page.getByText(name).first()).toBeVisible();
  await expect(page.getByText("Visa ending in 4242")).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("0");
});

test("a declined card shows why and the cart survives", async ({ page }) => {
  const [name] = await fillCart(page, 1);
  await checkOutAsGuest(page, `declined-${Date.now()}@example.com`);
  await payWithCard(page, "4000 0000 0000 0002");
  await expect(page.getByRole("alert")).toContainText("Your card was declined");

  await page.getByRole("link", { name: "Back to the shop" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await page.goto("/cart");
  await hydrated(page);
  await expect(page.getByRole("list", { name: "Items in your cart" }).getByRole("link", { name })).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
});

test("a card that needs the confirmation step is paid after confirming", async ({ page }) => {
  await fillCart(page, 1);
  await checkOutAsGuest(page, `confirm-${Date.now()}@example.com`);
  await payWithCard(page, "4000 0000 0000 3220");
  await expect(page.getByRole("heading", { name: "Confirm your payment" })).toBeVisible();
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page).toHaveURL(/\/order\/M[0-9A-Z]+\?key=/);
  await expect(page.getByTestId("order-status")).toHaveText("paid");
});
