/**
 * The coefficients and step-size control of Dormand–Prince 5(4) as Hairer's DOPRI5 uses them
 * (Dormand & Prince 1980, "A family of embedded Runge–Kutta formulae", J. Comput. Appl. Math.
 * 6(1):19–26; Hairer, Nørsett & Wanner, "Solving Ordinary Differential Equations I", 2nd ed.,
 * Table II.5.2 and dopri5.f), shared by the general integrator and its generated
 * specialisation so both do the same arithmetic.
 */

export const DOPRI5 = {
  // Butcher tableau, one row per line.
  C2: 1 / 5,
  C3: 3 / 10,
  C4: 4 / 5,
  C5: 8 / 9,
  A21: 1 / 5,
  A31: 3 / 40,
  A32: 9 / 40,
  A41: 44 / 45,
  A42: -56 / 15,
  A43: 32 / 9,
  A51: 19372 / 6561,
  A52: -25360 / 2187,
  A53: 64448 / 6561,
  A54: -212 / 729,
  A61: 9017 / 3168,
  A62: -355 / 33,
  A63: 46732 / 5247,
  A64: 49 / 176,
  A65: -5103 / 18656,
  A71: 35 / 384,
  A73: 500 / 1113,
  A74: 125 / 192,
  A75: -2187 / 6784,
  A76: 11 / 84,
  // Error coefficients: 5th-order weights minus the embedded 4th-order ones.
  E1: 71 / 57600,
  E3: -71 / 16695,
  E4: 71 / 1920,
  E5: -17253 / 339200,
  E6: 22 / 525,
  E7: -1 / 40,
  // Dense output (Shampine 1986 via dopri5.f CONTD5).
  D1: -12715105075 / 11282082432,
  D3: 87487479700 / 32700410799,
  D4: -10690763975 / 1880347072,
  D5: 701980252875 / 199316789632,
  D6: -1453857185 / 822651844,
  D7: 69997945 / 29380423,

  // Step-size control of dopri5.f: PI control with β = 0.04, safety 0.9, step ratio in [0.2, 10].
  SAFETY: 0.9,
  BETA: 0.04,
  /** dopri5.f's EXPO1: 0.2 − 0.75 β. */
  EXPONENT: 0.2 - 0.04 * 0.75,
  MIN_RATIO: 0.2,
  MAX_RATIO: 10,
  /** log(1e-4): dopri5.f's floor on the previous error in the PI controller. */
  LOG_MIN_ERR: Math.log(1e-4),
} as const;
