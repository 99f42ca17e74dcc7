-- The Iris softmax of the README: 3 logits and their class names. Also sent to the echo app's
-- /echo (the URL picks the endpoint), so both parse exactly the same bytes.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"logits":[1.43,-0.4,0.23],"classNames":["Setosa","Versicolor","Virginica"]}'
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
