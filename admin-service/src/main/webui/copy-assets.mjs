// Copies the front-end packages the portal serves into the jar's static resources
// (target/classes/META-INF/resources/assets/vendor). Run by the Maven build after `npm ci`; no bundler needed:
// PatternFly ships ready CSS and fonts, htmx and Chart.js ship minified browser builds.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '../../../target/classes/META-INF/resources/assets/vendor'));
const pf = join(here, 'node_modules/@patternfly/patternfly');

const files = [
  [join(pf, 'patternfly.min.css'), 'patternfly/patternfly.min.css'],
  [join(pf, 'patternfly-addons.css'), 'patternfly/patternfly-addons.css'],
  [join(pf, 'assets/pficon/pf-v6-pficon.woff2'), 'patternfly/assets/pficon/pf-v6-pficon.woff2'],
  [join(pf, 'assets/fonts/webfonts/fa-solid-900.woff2'), 'patternfly/assets/fonts/webfonts/fa-solid-900.woff2'],
  ...['RedHatDisplay/RedHatDisplayVF', 'RedHatText/RedHatTextVF', 'RedHatMono/RedHatMonoVF'].flatMap(font => [
    [join(pf, `assets/fonts/${font}.woff2`), `patternfly/assets/fonts/${font}.woff2`],
    [join(pf, `assets/fonts/${font}-Italic.woff2`), `patternfly/assets/fonts/${font}-Italic.woff2`],
  ]),
  ...['Felt-Bkg-Generic-Dark', 'Felt-Bkg-Generic-Light', 'PF-Bkg-Generic-Dark', 'PF-Bkg-Generic-Light'].map(image =>
    [join(pf, `assets/images/${image}.svg`), `patternfly/assets/images/${image}.svg`]),
  [join(here, 'node_modules/htmx.org/dist/htmx.min.js'), 'htmx/htmx.min.js'],
  [join(here, 'node_modules/chart.js/dist/chart.umd.min.js'), 'chart.js/chart.umd.min.js'],
];

rmSync(out, { recursive: true, force: true });
for (const [from, to] of files) {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(from, target);
}
console.log(`Copied ${files.length} front-end assets to ${out}`);
