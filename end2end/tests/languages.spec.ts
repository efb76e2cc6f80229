import { expect, test } from "@playwright/test";
import { hydrated, payWithCard } from "../helpers/shop";
import { mailedText } from "../helpers/mail";

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

test.describe("a Polish shopper at the checkout", () => {
  test.use({ locale: "pl-PL" });

  test("orders in Polish, comes back to the Polish order page and gets the confirmation in Polish", async ({ page }) => {
    const email = `polish-${Date.now()}@example.com`;
    await page.goto("/");
    await expect(page).toHaveURL(/\/pl$/);
    await hydrated(page);
    // The first featured product that can be added in one click.
    await page.getByRole("list", { name: "Polecane produkty" }).getByRole("button", { name: /^Dodaj .+ do koszyka$/ }).first().click();
    await expect(page.getByRole("status").filter({ hasText: "Dodano do koszyka." })).toBeVisible();

    await page.goto("/pl/checkout");
    await hydrated(page);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Imię i nazwisko").fill("Ada Kowalska");
    await page.getByLabel("Ulica i numer").fill("ul. Prosta 1");
    await page.getByLabel("Kod pocztowy").fill("00-001");
    await page.getByLabel("Miejscowość").fill("Warszawa");
    await page.getByLabel("Kraj").selectOption("PL");
    await page.getByRole("button", { name: "Sprawdź zamówienie" }).click();
    await expect(page.getByTestId("order-total")).toHaveText(/\d,\d\d/);
    await expect(page.getByText("Razem", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: /^Zamawiam i płacę / }).click();
    await expect(page.getByRole("heading", { name: "Card details" })).toBeVisible();
    await payWithCard(page, "4242 4242 4242 4242");

    await expect(page).toHaveURL(/\/pl\/order\/M[0-9A-Z]+\?key=/);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Dziękujemy! Zamówienie M[0-9A-Z]+ jest potwierdzone$/);
    await expect(page.getByTestId("order-status")).toHaveText("opłacone");

    const mail = await mailedText(email, /Dziękujemy za zamówienie![\s\S]*Zapłacono razem: [^\r\n]+/);
    expect(mail).toMatch(/Zamówienie M[0-9A-Z]+, złożone \d+ [a-ząćęłńóśźż]+ \d{4}/);
    expect(mail).toMatch(/Zapłacono razem: [\d\u00a0]+,\d\d/);
  });
});
