/** The trainer's clock for the TRAINING banner (`<TrainingBanner right={<TrainingClockChip />} />`). */
export { TrainingClockChip } from './TrainingClockChip.tsx';
