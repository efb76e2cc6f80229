import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "@playwright/test";

/** Where the shop writes mails when no SMTP server is configured (set by scripts/test.sh). */
const mailDir = process.env.MERCATO_MAIL_DIR ?? "../target/e2e/mail";

/** The mails sent to `to`, newest first, with quoted-printable soft breaks and "=3D" undone. */
function mailsTo(to: string): string[] {
  return readdirSync(mailDir)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => join(mailDir, name))
    .map((file) => ({ at: statSync(file).mtimeMs, text: readFileSync(file, "utf8") }))
    .filter((mail) => mail.text.split(/\r?\n/).some((line) => line.startsWith("To: ") && line.includes(to)))
    .sort((a, b) => b.at - a.at)
    .map((mail) => mail.text.replace(/=\r?\n/g, "").replace(/=3D/g, "="));
}

/** The first match of `pattern` in the newest mail to `to` that has one, waiting for it. */
export async function mailedText(to: string, pattern: RegExp): Promise<string> {
  let found = "";
  await expect
    .poll(() => {
      found = mailsTo(to)
        .map((text) => text.match(pattern)?.[0] ?? "")
        .find((match) => match !== "") ?? "";
      return found;
    })
    .not.toBe("");
  return found;
}
