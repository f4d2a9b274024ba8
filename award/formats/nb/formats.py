# Norwegian dates as the Language Council writes them: "17. november 2022 kl. 10.00".
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
TIME_FORMAT = "H.i"
