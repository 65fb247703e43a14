# The report's core statistics computed in R on a tidy dataset folder, timed part by part.
#
# Usage: Rscript benchmarks/r/core_stats.R DATASET_DIR [HORIZON_DAYS]
# Prints one JSON object: {"timings": {part: [wall, cpu]}, "results": {...}}.
# Run by benchmarks/compare_r.py, which computes the same statistics with ablacem on the same
# folder and checks the numbers agree. Needs R with lme4 and survival (Debian: r-base-core,
# r-cran-lme4, r-cran-survival); base R only otherwise (the JSON is written by hand).
#
# The analysis frames are derived here from the CSV files by the rules ablacem's
# analysis/derive documents: day 0 is the earliest procedure; treated patients have one;
# worst pain is taken at each scheduled timepoint of treated patients; overall survival runs
# from day 0 to death (event) or to the last date the patient was known alive (latest of day
# 0, end of study unless by death, done assessments, CTs and adverse event onsets), negative
# times excluded; major complication is CIRSE grade 3 or higher.

args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
horizon <- if (length(args) > 1) as.numeric(args[2]) else 90
TIMEPOINTS <- c("baseline", "post", "w1", "m1", "m3")
FOLLOW_UPS <- TIMEPOINTS[-1]

clock <- function() {
  p <- proc.time()
  c(p[["elapsed"]], p[["user.self"]] + p[["sys.self"]])
}
timings <- list()
last <- clock()
lap <- function(name) {
  now <- clock()
  timings[[name]] <<- now - last
  last <<- now
}

suppressPackageStartupMessages({
  library(lme4)
  library(survival)
})
lap("libraries")

read_table <- function(name) {
  read.csv(file.path(folder, name), na.strings = c("", "NA"), colClasses = "character", encoding = "UTF-8")
}
days <- function(x) as.numeric(as.Date(x))
patients <- read_table("patients.csv")
procedures <- read_table("procedures.csv")
lesions <- read_table("lesions.csv")
assessments <- read_table("assessments.csv")
imaging <- read_table("imaging.csv")
adverse <- read_table("adverse_events.csv")
lap("read the CSV files")

latest <- function(values, ids) {
  ok <- !is.na(values)
  tapply(values[ok], ids[ok], max)
}
day0 <- tapply(days(procedures$procedure_date), procedures$patient_id, min)
patients$day0 <- unname(day0[patients$patient_id])
treated <- !is.na(patients$day0)
treated_ids <- patients$patient_id[treated]

done <- assessments[!is.na(assessments$status) & assessments$status == "done", ]
alive_end <- ifelse(is.na(patients$end_reason) | patients$end_reason != "died", days(patients$end_date), NA)
last_alive <- pmax(
  patients$day0, alive_end,
  unname(latest(days(done$assessed_on), done$patient_id)[patients$patient_id]),
  unname(latest(days(imaging$imaged_on), imaging$patient_id)[patients$patient_id]),
  unname(latest(days(adverse$onset_date), adverse$patient_id)[patients$patient_id]),
  na.rm = TRUE
)
died <- !is.na(patients$death_date) & treated
os_days <- ifelse(died, days(patients$death_date), ifelse(treated, last_alive, NA)) - patients$day0
os_days[!is.na(os_days) & os_days < 0] <- NA
os_event <- as.integer(died)

vas <- as.numeric(assessments$vas_worst)
names(vas) <- paste(assessments$patient_id, assessments$timepoint)
wide <- sapply(TIMEPOINTS, function(tp) unname(vas[paste(treated_ids, tp)]))

first_procedure <- procedures[!duplicated(procedures$lesion_id), ]
success <- first_procedure$technical_success[match(lesions$lesion_id, first_procedure$lesion_id)]
treated_lesion <- lesions$lesion_id %in% first_procedure$lesion_id
lesion_success <- success[treated_lesion]
lesion_patient <- lesions$patient_id[treated_lesion]
treated_events <- adverse[adverse$patient_id %in% treated_ids, ]
lap("prepare the analysis frames")

describe <- function(x) {
  x <- x[!is.na(x)]
  q <- quantile(x, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
  list(n = length(x), mean = mean(x), sd = sd(x), median = q[2], q1 = q[1], q3 = q[3])
}
results <- list(descriptives = lapply(setNames(TIMEPOINTS, TIMEPOINTS), function(tp) describe(wide[, tp])))
lap("descriptives")

paired <- lapply(setNames(FOLLOW_UPS, FOLLOW_UPS), function(tp) {
  ok <- !is.na(wide[, "baseline"]) & !is.na(wide[, tp])
  after <- wide[ok, tp]
  before <- wide[ok, "baseline"]
  change <- after - before
  list(
    n_pairs = sum(ok),
    change_mean = mean(change),
    wilcoxon_p = suppressWarnings(wilcox.test(after, before, paired = TRUE)$p.value),
    ttest_p = t.test(after, before, paired = TRUE)$p.value
  )
})
lap("paired tests")

holm <- p.adjust(sapply(paired, function(x) x$wilcoxon_p), method = "holm")
for (tp in FOLLOW_UPS) paired[[tp]]$wilcoxon_p_holm <- holm[[tp]]
results$paired <- paired
lap("Holm")

exact <- function(k, n) {
  ci <- binom.test(k, n)$conf.int
  list(k = k, n = n, rate = k / n, low = ci[1], high = ci[2])
}
per_patient_success <- tapply(!is.na(lesion_success) & lesion_success == "true", lesion_patient, all)
grade <- as.numeric(treated_events$cirse_grade)
results$exact_ci <- list(
  technical_success_lesion = exact(sum(lesion_success == "true", na.rm = TRUE), sum(!is.na(lesion_success))),
  technical_success_patient = exact(sum(per_patient_success), length(per_patient_success)),
  any_complication = exact(length(unique(treated_events$patient_id)), length(treated_ids)),
  major_complication = exact(
    length(unique(treated_events$patient_id[!is.na(grade) & grade >= 3])), length(treated_ids)
  )
)
lap("exact confidence intervals")

long <- data.frame(
  patient = rep(treated_ids, times = length(TIMEPOINTS)),
  timepoint = factor(rep(TIMEPOINTS, each = length(treated_ids)), levels = TIMEPOINTS),
  vas = as.vector(wide)
)
long <- long[!is.na(long$vas), ]
fit <- lmer(vas ~ timepoint + (1 | patient), data = long, REML = TRUE)
coefs <- summary(fit)$coefficients
results$mixed_model <- lapply(setNames(FOLLOW_UPS, FOLLOW_UPS), function(tp) {
  row <- paste0("timepoint", tp)
  list(estimate = coefs[row, "Estimate"], se = coefs[row, "Std. Error"])
})
lap("mixed model")

km <- survfit(Surv(os_days, os_event) ~ 1, subset = !is.na(os_days), conf.type = "log-log")
at <- summary(km, times = horizon, extend = TRUE)
median_days <- unname(summary(km)$table["median"])
results$kaplan_meier <- list(
  n = km$n, events = sum(km$n.event), survival = at$surv, low = at$lower, high = at$upper,
  median_days = if (is.na(median_days)) NULL else median_days
)
lap("Kaplan-Meier")

to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    items <- vapply(names(x), function(k) paste0("\"", k, "\": ", to_json(x[[k]])), "")
    return(paste0("{", paste(items, collapse = ", "), "}"))
  }
  if (length(x) != 1) stop("to_json: one value expected")
  if (is.na(x) || !is.finite(x)) return("null")
  if (is.numeric(x)) return(formatC(x, digits = 17, format = "g"))
  stop("to_json: unsupported value")
}
timings <- lapply(timings, function(t) list(wall = t[1], cpu = t[2]))
cat(to_json(list(timings = timings, results = results)), "\n")
