import { expect, test } from "@playwright/test";
import { hydrated } from "../helpers/shop";

test.describe("a shopper whose browser speaks Polish", () => {
  test.use({ locale: "pl-PL" });

  test("lands on Polish pages, browses and searches in Polish, and switches language in place", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    // The first visit follows the browser's language.
    await page.goto("/c/clothing");
    await expect(page).toHaveURL(/\/pl\/c\/clothing$/);
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "pl");
    await expect(page.getByText("Sortuj według")).toBeVisible();
    await expect(page.locator("p[role=status]").first()).toContainText(/\d+ produkt(y|ów)?/);

    // The page names itself in every language for search engines.
    const alternates = await page
      .locator('head link[rel="alternate"][hreflang]')
      .evaluateAll((links) => links.map((l) => `${l.getAttribute("hreflang")} ${new URL(l.getAttribute("href") ?? "").pathname}`));
    expect(alternates).toEqual(["en /c/clothing", "pl /pl/c/clothing", "it /it/c/clothing", "id /id/c/clothing", "x-default /c/clothing"]);

    // Links inside the app keep the language, without a page load.
    const marker = await page.evaluate(() => ((window as any).__sameDocument = Math.random()));
    await page.getByRole("link", { name: "Cena: od najwyższej" }).click();
    await expect(page).toHaveURL(/\/pl\/c\/clothing\?sort=price-desc$/);
    const firstProduct = page.getByRole("main").getByRole("heading", { level: 3 }).first();
    const productName = (await firstProduct.textContent())?.trim() ?? "";
    await firstProduct.getByRole("link").click();
    await expect(page).toHaveURL(/\/pl\/p\//);
    await expect(page.getByRole("heading", { level: 1, name: productName })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Specyfikacja" })).toBeVisible();
    // Prices are written the Polish way: a decimal comma and the currency after a no-break space.
    await expect(page.getByTestId("price")).toHaveText(/\d,\d\d\u00a0(zł|€|USD)/);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(marker);

    // Searching from a Polish page stays Polish.
    await page.getByPlaceholder("Szukaj produktów").fill("shirt");
    await page.getByPlaceholder("Szukaj produktów").press("Enter");
    await expect(page).toHaveURL(/\/pl\/search\?q=shirt/);
    await expect(page.getByTestId("result-count")).toHaveText(/\d+ produkt(y|ów)?|Nie znaleziono produktów/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Wyniki dla „shirt”");

    // The switcher keeps the shopper on the same page, and the choice is kept: English pages
    // are not sent back to Polish although the browser still asks for it.
    await page.getByRole("navigation", { name: "Język" }).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/search\?q=shirt$/);
    await expect(page).not.toHaveURL(/\/pl\//);
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “shirt”");
    await page.goto("/c/clothing");
    await expect(page).toHaveURL(/\/c\/clothing$/);
    await expect(page.getByText("Sort by", { exact: true })).toBeVisible();

    // And on to Indonesian, from the same switcher.
    await hydrated(page);
    await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Bahasa Indonesia" }).click();
    await expect(page).toHaveURL(/\/id\/c\/clothing$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page.getByText("Urutkan menurut")).toBeVisible();
    expect(errors).toEqual([]);
  });
});
