// Package adverse tells whether a news article is adverse media: news
// that links its subject to financial crime, fraud, corruption,
// sanctions, organized crime, terrorism or similar wrongdoing. Model is
// the article-level classifier of the extraction pipeline; SubjectModel
// judges an article for one named subject (is it adverse for X, or does
// it only name X in passing?) from the pipeline's extraction, and Judge
// is what the server shows beside each news item for a screened name.
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
// ReadTraining and Split clean and split the training data (by the
// annotated corpus's fixed split), Train and CrossValidate rebuild the
// model, Evaluate scores it. TrainSubject builds the subject model from
// the examples package adverse/subjects makes of the corpus:
//
//	r := adverse.DefaultSubject().Score(extraction, adverse.Query{Names: []string{"Anna Berg"}, Schema: "Person"}, nil)
//	fmt.Println(r.Score, r.Adverse, r.Article, r.Mention.Claims)
//
// The model card of both is docs/model-card-adverse.md.
package adverse
