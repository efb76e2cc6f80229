import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "@playwright/test";

/** Where the shop writes mails when no SMTP server is configured (set by scripts/test.sh). */
const mailDir = process.env.MERCATO_MAIL_DIR ?? "../target/e2e/mail";

/** A mail as its reader sees it: a base64 body decoded, or quoted-printable undone. */
function decoded(mail: string): string {
  const [head, ...rest] = mail.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/Content-Transfer-Encoding: base64/i.test(head)) {
    return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")}`;
  }
  const joined = mail.replace(/=\r?\n/g, "");
  if (!/Content-Transfer-Encoding: quoted-printable/i.test(head)) return joined.replace(/=3D/g, "=");
  return joined.replace(/(=[0-9A-F]{2})+/g, (bytes) => Buffer.from(bytes.replace(/=/g, ""), "hex").toString("utf8"));
}

/** The mails sent to `to`, newest first, as their reader sees them. */
function mailsTo(to: string): string[] {
  return readdirSync(mailDir)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => join(mailDir, name))
    .map((file) => ({ at: statSync(file).mtimeMs, text: readFileSync(file, "utf8") }))
    .filter((mail) => mail.text.split(/\r?\n/).some((line) => line.startsWith("To: ") && line.includes(to)))
    .sort((a, b) => b.at - a.at)
    .map((mail) => decoded(mail.text));
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
