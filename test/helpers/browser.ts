/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Debian's Chromium, driven by playwright-core (CI installs the `chromium` package). */
export const CHROMIUM = "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable)
  console.log(`browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);

/** Folder for screenshots kept as test artifacts (git-ignored). */
export const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

/** What a page showed: console errors, broken images, and figures without a size. */
export interface PageCheck {
  consoleErrors: string[];
  brokenImages: string[];
  emptySvgs: number;
  images: number;
  svgs: number;
  title: string;
}

/**
 * Opens `url` in headless Chromium, waits for it to load, saves a full-page screenshot as
 * `test/artifacts/<name>.png`, and reports console errors, images that did not decode and inline
 * SVGs that render with no size.
 */
export async function checkPage(url: string, name: string): Promise<PageCheck> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await page.goto(url, { waitUntil: "load" });
    const result = await page.evaluate(() => {
      const images = [...document.querySelectorAll("img")];
      const svgs = [...document.querySelectorAll("svg")].filter((svg) => !svg.parentElement?.closest("svg"));
      return {
        brokenImages: images
          .filter((img) => !img.complete || img.naturalWidth === 0)
          .map((img) => img.alt || img.src.slice(0, 60)),
        emptySvgs: svgs.filter((svg) => {
          const box = svg.getBoundingClientRect();
          return box.width < 10 || box.height < 10;
        }).length,
        images: images.length,
        svgs: svgs.length,
        title: document.title,
      };
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    return { consoleErrors, ...result };
  } finally {
    await browser.close();
  }
}
