-- The Iris network: 2 inputs, a relu layer of 2, a linear layer of 3, softmax and class names.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"inputs":[0.04,0.42],"layers":[{"weight":[[-2.5,0.6],[-1.5,0.4]],"bias":[1.6,0.7],'
  .. '"activation":"relu"},{"weight":[[-0.1,1.5],[2.4,-5.2],[-2.2,3.7]],"bias":[0,0,1]}],'
  .. '"softmax":true,"classNames":["Setosa","Versicolor","Virginica"]}'
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
