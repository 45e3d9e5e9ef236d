import type { Command } from 'commander';
import { registerAnalyzeErrors } from './analyze-errors.ts';
import { registerBaselines } from './baselines.ts';
import { registerHeadroom } from './baselines-headroom.ts';
import { registerCollect } from './collect.ts';
import { registerCombine } from './combine.ts';
import { registerConvert } from './convert.ts';
import { registerCountMistakes } from './count-mistakes.ts';
import { registerDataset } from './dataset.ts';
import { registerDetect } from './detect.ts';
import { registerEval } from './eval.ts';
import { registerExplainErrors } from './explain-errors.ts';
import { registerGen } from './gen.ts';
import { registerM2d } from './m2d.ts';
import { registerMcp } from './mcp.ts';
import { registerPhysix } from './physix.ts';
import { registerPlot } from './plot.ts';
import { registerPredict } from './predict.ts';
import { registerSample } from './sample.ts';
import { registerSampleDem } from './sample-dem.ts';
import { registerServe } from './serve.ts';

/** Each command module adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerGen, registerDetect, registerSample, registerM2d, registerConvert, registerAnalyzeErrors, registerExplainErrors, registerSampleDem, registerPredict, registerCountMistakes, registerServe, registerMcp, registerPhysix, registerCollect, registerCombine, registerPlot, registerBaselines, registerHeadroom, registerDataset, registerEval];
