/**
 * The Moré–Thuente line search (MINPACK-2 `dcsrch` / `dcstep`, as L-BFGS-B 3.0 and so SciPy use it):
 * finds a step satisfying the sufficient-decrease condition f(stp) ≤ f(0) + ftol·stp·f′(0) and the
 * curvature condition |f′(stp)| ≤ gtol·|f′(0)| by safeguarded cubic/quadratic interpolation.
 * Written as a state machine, as the original: the caller evaluates f and f′ where it is told.
 */

/** What the search asks for next: evaluate at `step`, or stop (converged or warning). */
export type LineSearchTask = "evaluate" | "converged" | "warning";

/** Tolerances of the search; L-BFGS-B uses ftol 1e-3, gtol 0.9, xtol 0.1. */
export interface LineSearchTolerances {
  ftol: number;
  gtol: number;
  xtol: number;
  stepMin: number;
  stepMax: number;
}

const EXTRAPOLATE_LOWER = 1.1;
const EXTRAPOLATE_UPPER = 4;

/** One Moré–Thuente search along a descent direction, driven by `start` and `next`. */
export class MoreThuenteSearch {
  /** The step to evaluate (after `start`/`next` returned "evaluate") or the accepted step. */
  step = 0;
  /** A description of the last warning, for diagnostics. */
  warning = "";
  private readonly tolerances: LineSearchTolerances;
  private bracketed = false;
  private stage = 1;
  private initialValue = 0;
  private initialSlope = 0;
  private slopeTest = 0;
  private width = 0;
  private previousWidth = 0;
  private bestStep = 0;
  private bestValue = 0;
  private bestSlope = 0;
  private otherStep = 0;
  private otherValue = 0;
  private otherSlope = 0;
  private lowerStep = 0;
  private upperStep = 0;

  constructor(tolerances: LineSearchTolerances) {
    this.tolerances = tolerances;
  }

  /** Begins a search from f(0) = `value`, f′(0) = `slope` < 0 with a first trial `step`; asks to evaluate it. */
  start(value: number, slope: number, step: number): LineSearchTask {
    const { ftol, stepMin, stepMax } = this.tolerances;
    if (!(slope < 0)) throw new RangeError(`line search needs a descent direction, got slope ${slope}`);
    if (step < stepMin || step > stepMax) throw new RangeError(`initial step ${step} outside the bounds`);
    this.bracketed = false;
    this.stage = 1;
    this.initialValue = value;
    this.initialSlope = slope;
    this.slopeTest = ftol * slope;
    this.width = stepMax - stepMin;
    this.previousWidth = this.width / 0.5;
    this.bestStep = 0;
    this.bestValue = value;
    this.bestSlope = slope;
    this.otherStep = 0;
    this.otherValue = value;
    this.otherSlope = slope;
    this.lowerStep = 0;
    this.upperStep = step + EXTRAPOLATE_UPPER * step;
    this.step = step;
    this.warning = "";
    return "evaluate";
  }

  /** Takes f and f′ at the current `step`; returns whether to evaluate again (at the new `step`) or stop. */
  next(value: number, slope: number): LineSearchTask {
    const { gtol, xtol, stepMin, stepMax } = this.tolerances;
    const step = this.step;
    const sufficientValue = this.initialValue + step * this.slopeTest;
    if (this.stage === 1 && value <= sufficientValue && slope >= 0) this.stage = 2;

    let task: LineSearchTask = "evaluate";
    if (this.bracketed && (step <= this.lowerStep || step >= this.upperStep)) {
      task = "warning";
      this.warning = "rounding errors prevent progress";
    }
    if (this.bracketed && this.upperStep - this.lowerStep <= xtol * this.upperStep) {
      task = "warning";
      this.warning = "xtol test satisfied";
    }
    if (step === stepMax && value <= sufficientValue && slope <= this.slopeTest) {
      task = "warning";
      this.warning = "step at stepMax";
    }
    if (step === stepMin && (value > sufficientValue || slope >= this.slopeTest)) {
      task = "warning";
      this.warning = "step at stepMin";
    }
    if (value <= sufficientValue && Math.abs(slope) <= gtol * -this.initialSlope) task = "converged";
    if (task !== "evaluate") return task;

    if (this.stage === 1 && value <= this.bestValue && value > sufficientValue) {
      // A lower value without sufficient decrease: interpolate the modified function
      // psi(stp) = f(stp) − f(0) − ftol·stp·f′(0), whose minimiser lies where f's does.
      const shift = this.slopeTest;
      this.bestValue -= this.bestStep * shift;
      this.otherValue -= this.otherStep * shift;
      this.bestSlope -= shift;
      this.otherSlope -= shift;
      this.takeStep(value - step * shift, slope - shift);
      this.bestValue += this.bestStep * shift;
      this.otherValue += this.otherStep * shift;
      this.bestSlope += shift;
      this.otherSlope += shift;
    } else {
      this.takeStep(value, slope);
    }

    if (this.bracketed) {
      // Bisect when the interval did not shrink enough over the last two steps.
      if (Math.abs(this.otherStep - this.bestStep) >= 0.66 * this.previousWidth)
        this.step = this.bestStep + 0.5 * (this.otherStep - this.bestStep);
      this.previousWidth = this.width;
      this.width = Math.abs(this.otherStep - this.bestStep);
      this.lowerStep = Math.min(this.bestStep, this.otherStep);
      this.upperStep = Math.max(this.bestStep, this.otherStep);
    } else {
      this.lowerStep = this.step + EXTRAPOLATE_LOWER * (this.step - this.bestStep);
      this.upperStep = this.step + EXTRAPOLATE_UPPER * (this.step - this.bestStep);
    }
    this.step = Math.min(Math.max(this.step, stepMin), stepMax);
    if (
      (this.bracketed && (this.step <= this.lowerStep || this.step >= this.upperStep)) ||
      (this.bracketed && this.upperStep - this.lowerStep <= xtol * this.upperStep)
    )
      this.step = this.bestStep;
    return "evaluate";
  }

  /**
   * `dcstep`: a safeguarded new trial step from the best point (stx), the other end (sty) and the
   * current trial (stp, value, slope), and the update of the interval that holds a minimiser.
   */
  private takeStep(value: number, slope: number): void {
    const stx = this.bestStep;
    const fx = this.bestValue;
    const dx = this.bestSlope;
    const sty = this.otherStep;
    const fy = this.otherValue;
    const dy = this.otherSlope;
    const stp = this.step;
    const stpmin = this.lowerStep;
    const stpmax = this.upperStep;
    const signedSlope = slope * (dx / Math.abs(dx));
    let next: number;
    if (value > fx) {
      // Higher value: a minimiser is bracketed; prefer the cubic step if it is closer to stx.
      const theta = (3 * (fx - value)) / (stp - stx) + dx + slope;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(slope));
      let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (slope / s));
      if (stp < stx) gamma = -gamma;
      const p = gamma - dx + theta;
      const q = gamma - dx + gamma + slope;
      const cubic = stx + (p / q) * (stp - stx);
      const quadratic = stx + (dx / ((fx - value) / (stp - stx) + dx) / 2) * (stp - stx);
      next = Math.abs(cubic - stx) < Math.abs(quadratic - stx) ? cubic : cubic + (quadratic - cubic) / 2;
      this.bracketed = true;
    } else if (signedSlope < 0) {
      // Lower value, slopes of opposite sign: bracketed; take the step farther from stp.
      const theta = (3 * (fx - value)) / (stp - stx) + dx + slope;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(slope));
      let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (slope / s));
      if (stp > stx) gamma = -gamma;
      const p = gamma - slope + theta;
      const q = gamma - slope + gamma + dx;
      const cubic = stp + (p / q) * (stx - stp);
      const secant = stp + (slope / (slope - dx)) * (stx - stp);
      next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
      this.bracketed = true;
    } else if (Math.abs(slope) < Math.abs(dx)) {
      // Lower value, same sign, slope magnitude decreasing.
      const theta = (3 * (fx - value)) / (stp - stx) + dx + slope;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(slope));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (slope / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - slope + theta;
      const q = gamma + (dx - slope) + gamma;
      const r = p / q;
      let cubic: number;
      if (r < 0 && gamma !== 0) cubic = stp + r * (stx - stp);
      else if (stp > stx) cubic = stpmax;
      else cubic = stpmin;
      const secant = stp + (slope / (slope - dx)) * (stx - stp);
      if (this.bracketed) {
        next = Math.abs(cubic - stp) < Math.abs(secant - stp) ? cubic : secant;
        const limit = stp + 0.66 * (sty - stp);
        next = stp > stx ? Math.min(limit, next) : Math.max(limit, next);
      } else {
        next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
        next = Math.max(stpmin, Math.min(stpmax, next));
      }
    } else if (this.bracketed) {
      // Lower value, same sign, slope not decreasing, bracketed: cubic step towards sty.
      const theta = (3 * (value - fy)) / (sty - stp) + dy + slope;
      const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(slope));
      let gamma = s * Math.sqrt((theta / s) ** 2 - (dy / s) * (slope / s));
      if (stp > sty) gamma = -gamma;
      const p = gamma - slope + theta;
      const q = gamma - slope + gamma + dy;
      next = stp + (p / q) * (sty - stp);
    } else {
      next = stp > stx ? stpmax : stpmin;
    }

    if (value > fx) {
      this.otherStep = stp;
      this.otherValue = value;
      this.otherSlope = slope;
    } else {
      if (signedSlope < 0) {
        this.otherStep = stx;
        this.otherValue = fx;
        this.otherSlope = dx;
      }
      this.bestStep = stp;
      this.bestValue = value;
      this.bestSlope = slope;
    }
    this.step = next;
  }
}
