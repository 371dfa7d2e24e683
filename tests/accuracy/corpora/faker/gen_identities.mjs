// Outside identities for phiscrub's accuracy corpora, drawn from
// @faker-js/faker (MIT) with a fixed seed, and pinyin-pro (MIT) to write
// faker's zh_CN names in Latin letters. Nothing here comes from phiscrub's
// own dictionaries (patterns/names): the corpora test detection on names,
// streets and places the detector was not tuned to.
//
//   cd tests/accuracy/corpora/faker && npm ci && node gen_identities.mjs > identities.json
//
// The output is committed, so the test suite needs no npm. The Python
// generators beside this folder read it and do all the templating.
import { allFakers } from '@faker-js/faker';
import { pinyin } from 'pinyin-pro';

const SEED = 20260301;

// Person names per faker locale, and how many of each.
const LOCALES = {
  en_US: 1400, en_GB: 200, es: 300, es_MX: 250, de: 300, fr: 300, it: 250,
  pl: 250, vi: 200, zh_CN: 250, nl: 250, pt_BR: 200, en_IN: 200, en_NG: 150,
  cs_CZ: 120, tr: 120, sv: 120,
};

function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

function romanise(hanzi) {
  return cap(pinyin(hanzi, { toneType: 'none', type: 'array', v: true }).join(''));
}

function people() {
  const out = [];
  for (const [loc, n] of Object.entries(LOCALES)) {
    const f = allFakers[loc];
    f.seed(SEED + out.length);
    for (let i = 0; i < n; i++) {
      const sex = f.person.sexType();
      let first = f.person.firstName(sex);
      let last = f.person.lastName(sex);
      let middle = f.person.middleName(sex);
      if (loc === 'zh_CN') {
        first = romanise(first);
        last = romanise(last);
        middle = '';
      }
      out.push({ loc, sex, first, last, middle });
    }
  }
  return out;
}

function addresses(f, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const line = f.location.streetAddress(false);
    const sp = line.indexOf(' ');
    out.push({
      number: line.slice(0, sp),
      street: line.slice(sp + 1),
      secondary: f.location.secondaryAddress(),
      city: f.location.city(),
      county: f.location.county(),
      state: f.location.state({ abbreviated: true }),
      state_name: f.location.state(),
      zip: f.location.zipCode(),
    });
  }
  return out;
}

function finance(f) {
  const cards = [];
  for (const issuer of ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners_club']) {
    const n = issuer === 'visa' || issuer === 'mastercard' ? 200 : 60;
    for (let i = 0; i < n; i++) cards.push({ issuer, number: f.finance.creditCardNumber({ issuer }) });
  }
  const ibans = [];
  for (const cc of ['DE', 'GB', 'FR', 'ES', 'IT', 'NL', 'PL', 'CH', 'BE', 'AT', 'IE', 'PT', 'SE', 'DK']) {
    for (let i = 0; i < 25; i++) ibans.push(f.finance.iban({ formatted: false, countryCode: cc }));
  }
  return { cards, ibans };
}

function vehicles(f, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push({ vin: f.vehicle.vin(), make: f.vehicle.manufacturer(), model: f.vehicle.model(),
               color: f.vehicle.color() });
  }
  return out;
}

function main() {
  const us = allFakers.en_US;
  us.seed(SEED);
  const persons = people();
  us.seed(SEED + 1);
  const emails = persons.map(p => us.internet.email({ firstName: p.first, lastName: p.last }));
  us.seed(SEED + 2);
  const addr = addresses(us, 1500);
  us.seed(SEED + 3);
  const cities = Array.from({ length: 600 }, () => us.location.city());
  const counties = Array.from({ length: 300 }, () => us.location.county());
  us.seed(SEED + 4);
  const fin = finance(us);
  us.seed(SEED + 5);
  const veh = vehicles(us, 400);
  us.seed(SEED + 6);
  const usernames = Array.from({ length: 400 }, () => us.internet.username());
  const companies = Array.from({ length: 200 }, () => us.company.name());
  const doc = {
    source: '@faker-js/faker 10.6.0 (MIT), pinyin-pro 3.29.4 (MIT) for zh_CN; seed ' + SEED,
    persons: persons.map((p, i) => ({ ...p, email: emails[i] })),
    addresses: addr, cities, counties, cards: fin.cards, ibans: fin.ibans,
    vehicles: veh, usernames, companies,
  };
  process.stdout.write(JSON.stringify(doc, null, 0).replace(/\},\{/g, '},\n{') + '\n');
}

main();
