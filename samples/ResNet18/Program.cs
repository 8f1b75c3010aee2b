// Specialized sample: a ResNet-18 trained on Fashion-MNIST, compiled to mixed-precision kernels by the generator.
//   ResNet18                 the 1,000 embedded test images: accuracy, batch-1 latency and batch-64 throughput of
//                            the specialized model beside the float32 original
//   ResNet18 IMAGE.png ...   top-1 class and confidence for each 28×28 grayscale PNG
//   ResNet18 --full          both models' accuracy on the 10,000-image test set (Debian package dataset-fashion-mnist)
return Specialized.Samples.ResNet18.SampleApp.Run(args, Console.Out, Console.Error);
