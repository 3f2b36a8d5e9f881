/**
 * covid-xray: chest X-ray classifiers by transfer learning on VGG16, for research use only.
 */
package io.github.covidxray;
