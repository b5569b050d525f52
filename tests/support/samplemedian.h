#pragma once

#include <QList>

// The middle of a benchmark's samples (the mean of the two middle ones for an
// even count); -1 for none, which the tables print as a visible oddity.
double sampleMedian(QList<double> values);
