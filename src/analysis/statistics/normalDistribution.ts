/**
 * The standard normal distribution as SciPy 1.10 evaluates it (`scipy.special.ndtr`, Cephes
 * `ndtr`/`erf`/`erfc`): the same rational approximations evaluated in the same order, so that
 * p-values agree with `scipy.stats` to the last bit or two (only `Math.exp` may differ from the C
 * library by one unit in the last place).
 */

// Cephes coefficients, each written as the shortest literal of the same double.
// erfc, 1 ≤ |x| < 8: P(x)/Q(x) (Q has an implicit leading 1).
const ERFC_P = [
  2.461969814735305e-10, 0.5641895648310689, 7.463210564422699, 48.63719709856814, 196.5208329560771,
  526.4451949954773, 934.5285271719576, 1027.5518868951572, 557.5353353693994,
];
const ERFC_Q = [
  13.228195115474499, 86.70721408859897, 354.9377788878199, 975.7085017432055, 1823.9091668790973,
  2246.3376081871097, 1656.6630919416134, 557.5353408177277,
];
// erfc, |x| ≥ 8: R(x)/S(x).
const ERFC_R = [
  0.5641895835477551, 1.275366707599781, 5.019050422511805, 6.160210979930536, 7.4097426995044895,
  2.9788666537210022,
];
const ERFC_S = [
  2.2605286322011726, 9.396035249380015, 12.048953980809666, 17.08144507475659, 9.608968090632859,
  3.369076451000815,
];
// erf, |x| ≤ 1: x·T(x²)/U(x²).
const ERF_T = [9.604973739870516, 90.02601972038427, 2232.005345946843, 7003.325141128051, 55592.30130103949];
const ERF_U = [
  33.56171416475031, 521.3579497801527, 4594.323829709801, 22629.000061389095, 49267.39426086359,
];
/** Cephes MAXLOG: exp(−x²) underflows below −MAXLOG. */
const MAX_LOG = 709.782712893384;

/** Horner evaluation c[0]·xⁿ + … + c[n] (Cephes `polevl`). */
function polynomial(x: number, coefficients: readonly number[]): number {
  let result = coefficients[0];
  for (let i = 1; i < coefficients.length; i++) result = result * x + coefficients[i];
  return result;
}

/** Horner evaluation with an implicit leading coefficient 1 (Cephes `p1evl`). */
function monicPolynomial(x: number, coefficients: readonly number[]): number {
  let result = x + coefficients[0];
  for (let i = 1; i < coefficients.length; i++) result = result * x + coefficients[i];
  return result;
}

/** The error function erf(x) (Cephes); NaN gives NaN, ±∞ gives ±1. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return -erf(-x);
  if (x > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polynomial(z, ERF_T)) / monicPolynomial(z, ERF_U);
}

/** The complementary error function erfc(x) = 1 − erf(x) without cancellation (Cephes); NaN gives NaN. */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return Number.NaN;
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  const z = -a * a;
  if (z < -MAX_LOG) return a < 0 ? 2 : 0;
  const expZ = Math.exp(z);
  let p: number;
  let q: number;
  if (x < 8) {
    p = polynomial(x, ERFC_P);
    q = monicPolynomial(x, ERFC_Q);
  } else {
    p = polynomial(x, ERFC_R);
    q = monicPolynomial(x, ERFC_S);
  }
  let y = (expZ * p) / q;
  if (a < 0) y = 2 - y;
  if (y !== 0) return y;
  return a < 0 ? 2 : 0;
}

/** Standard normal CDF Φ(x) (`scipy.special.ndtr`, `scipy.stats.norm.cdf`); NaN gives NaN. */
export function normalCdf(a: number): number {
  if (Number.isNaN(a)) return Number.NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  const y = 0.5 * erfc(z);
  return x > 0 ? 1 - y : y;
}

/** Standard normal survival function 1 − Φ(x), accurate in the upper tail (`scipy.stats.norm.sf` = Φ(−x)). */
export function normalSf(x: number): number {
  return normalCdf(-x);
}
