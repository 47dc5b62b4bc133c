const EULER_GAMMA = 0.5772156649015329;

// Coefficients of the asymptotic series −Σ B₂ₖ / (2k x²ᵏ) in z = 1/x², highest power first.
const ASYMPTOTIC = [
  0.08333333333333333, -0.021092796092796094, 0.007575757575757576, -0.004166666666666667,
  0.003968253968253968, -0.008333333333333333, 0.08333333333333333,
];

// Rational approximation of ψ on [1, 2] around its positive root (Boost's, as in SciPy's cephes).
const ROOT_1 = 1569415565 / 1073741824;
const ROOT_2 = 381566830 / 1073741824 / 1073741824;
const ROOT_3 = 9.016312093258695e-20;
// A float literal in the C source, so its float32 value.
const Y_SCALE = Math.fround(0.9955816268920898);
const P = [
  -0.002071332116774595, -0.04525132144873906, -0.28919126444774784, -0.6503185377089651, -0.3255503118680449,
  0.25479851061131553,
];
const Q = [
  -5.578984132167551e-7, 0.0021284987017821146, 0.054151797245674226, 0.43593529692665967, 1.4606242909763516,
  2.076711702373047, 1,
];

function polynomial(x: number, coefficients: readonly number[]): number {
  let value = coefficients[0];
  for (let i = 1; i < coefficients.length; i++) value = value * x + coefficients[i];
  return value;
}

/**
 * The digamma function ψ(x) = Γ′(x)/Γ(x) for x > 0, evaluated as SciPy 1.1's `scipy.special.digamma`
 * (cephes `psi`): harmonic sums for integers ≤ 10, a rational approximation on [1, 2] reached by
 * recurrence below 10, the asymptotic series above. ψ(0) = −∞; NaN for x < 0 or NaN.
 */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return x;
  let y = 0;
  if (x <= 10 && x === Math.floor(x)) {
    for (let i = 1; i < x; i++) y += 1 / i;
    return y - EULER_GAMMA;
  }
  if (x < 1) {
    y -= 1 / x;
    x += 1;
  } else if (x < 10) {
    while (x > 2) {
      x -= 1;
      y += 1 / x;
    }
  }
  if (x >= 1 && x <= 2) {
    const g = x - ROOT_1 - ROOT_2 - ROOT_3;
    const r = polynomial(x - 1, P) / polynomial(x - 1, Q);
    return y + (g * Y_SCALE + g * r);
  }
  const z = 1 / (x * x);
  const series = x < 1e17 ? z * polynomial(z, ASYMPTOTIC) : 0;
  return y + (Math.log(x) - 0.5 / x - series);
}
