/**
 * One line per reward component, shown under its name: what it measures, in the words of the
 * environments' READMEs (packages/qubit-medic/README.md, packages/physix/README.md).
 */
export const REWARD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  // Qubit-Medic
  logical_correction: 'the answer flips the logical observable exactly when the sampled error did',
  syndrome_consistency: 'share of stabilisers whose net syndrome the answer reproduces',
  hamming_overlap: 'overlap (Jaccard) of the answer with the true error, mean over X and Z',
  format_compliance: 'both lists in the canonical X_ERRORS=[..] Z_ERRORS=[..] form',
  // The server's default profile (the UI's resets name none); the original's v1 pays 0/1.
  pymatching_beat: "the answer's correction against the matching decoder's: 1 if only the answer is right, ½ if both are right or both wrong, 0 if only the decoder is right (profile v1: 1 only where the decoder is wrong and the answer right)",
  // PhysiX
  match: 'how closely the predicted trajectory follows the data (1 inside the noise band)',
  match_dense: '√match: still rises when far from the truth',
  correctness: '1 once the fit is close enough to count as right (match ≥ 0.7)',
  simplicity: 'fewer operators, inside the noise band only',
  format: "the share of a no-physics law's error (rest, or no force) the law removes; 1 inside the noise band (profile v1: 1 whenever the equations parse and simulate)",
  progress: 'improvement of match over the previous turn',
};
