def tree = new File(basedir, 'tree.txt').text
println tree
['org.tensorflow:tensorflow-core-native', 'org.bytedeco:javacpp', 'org.bytedeco:opencv', 'org.bytedeco:openblas'].each { a ->
  assert tree.contains(a + ':jar:macosx-arm64:') : "${a} not resolved for macosx-arm64"
  assert !tree.contains(a + ':jar:linux-x86_64:') : "${a} still resolved for linux-x86_64"
}
return true
