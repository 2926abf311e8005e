// Package adverse tells whether a news article is adverse media: news
// that links its subject to financial crime, fraud, corruption,
// sanctions, organized crime, terrorism or similar wrongdoing. It is the
// article-level classifier of the screening pipeline.
//
// The model is a logistic regression over the TF-IDF weighted words of
// the article (tokens and sentences from package segment; word n-grams,
// character n-grams and naive-Bayes weights are options that
// cross-validation did not favour), trained by this package on the
// adverse-media training articles and calibrated by Platt scaling on
// out-of-fold predictions, so that Score is a probability. Because the model is linear, its log-odds
// is a sum over the sentences of the article; Score lists the sentences
// that push it towards adverse and the n-grams that drive them:
//
//	r := adverse.Default().Score(text)
//	if r.Adverse {
//		for _, s := range r.Sentences {
//			fmt.Println(text[s.Start:s.End], s.Terms)
//		}
//	}
//
// ReadTraining and HeldOut clean and split the training data, Train and
// CrossValidate rebuild the model, Evaluate scores it; the model card is
// docs/model-card-adverse.md.
package adverse
