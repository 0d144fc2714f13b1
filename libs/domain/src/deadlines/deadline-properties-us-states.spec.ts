import { describeDeadlineProperties } from './deadline-property-suite';

describeDeadlineProperties(['us-ca-ccpa', 'us-va-vcdpa'], 2000);
