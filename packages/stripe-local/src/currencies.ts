/**
 * ISO 4217 codes of currencies in use, lower-case as Stripe writes them: the list CLDR/ICU gives as
 * current (`Intl.supportedValuesOf('currency')` on Node 20.20), frozen here so that what the server
 * accepts does not change with the Node version. Stripe itself accepts a narrower set (its supported
 * currencies); a code outside this list, such as `zzz`, is refused as on Stripe.
 */
const ISO_4217 = new Set(
  `
  aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd btn bwp byn
  bzd cad cdf chf clp cny cop crc cuc cup cve czk djf dkk dop dzd egp ern etb eur fjd fkp gbp gel
  ghs gip gmd gnf gtq gyd hkd hnl hrk htg huf idr ils inr iqd irr isk jmd jod jpy kes kgs khr kmf
  kpw krw kwd kyd kzt lak lbp lkr lrd lsl lyd mad mdl mga mkd mmk mnt mop mru mur mvr mwk mxn myr
  mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sdg
  sek sgd shp sle sll sos srd ssp stn svc syp szl thb tjs tmt tnd top try ttd twd tzs uah ugx usd
  uyu uzs ves vnd vuv wst xaf xcd xcg xdr xof xpf xsu yer zar zmw zwg zwl
`
    .trim()
    .split(/\s+/),
);

/** Whether `code` (lower-case) is an ISO 4217 currency in use. */
export function isKnownCurrency(code: string): boolean {
  return ISO_4217.has(code);
}
