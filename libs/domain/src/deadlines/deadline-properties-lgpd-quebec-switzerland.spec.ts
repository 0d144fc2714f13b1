import { describeDeadlineProperties } from './deadline-property-suite';

describeDeadlineProperties(['br-lgpd', 'ca-qc-law25', 'ch-fadp'], 2000);
